import { disasterEventSchema, HAZARD_TYPES, type DisasterEvent } from '../../shared/schema/disaster-event';
import { compact, joinList, optionalText, preparedResolver, splitList } from './prepared-resolver';
import { pickedList } from './picked-list';

/** What the event form's controls hold: the townships picked (codes), the village list as free text. */
export interface EventFormValues {
  id: string;
  name: string;
  hazard: (typeof HAZARD_TYPES)[number];
  subType: string;
  startDate: string;
  townships: string[];
  villages: string;
  status: 'active' | 'closed';
}

/** A new event: starting today, active, affecting the county's townships (the administrator unticks the others). */
export function newEventValues(id: string, today: string, townships: readonly string[]): EventFormValues {
  return { id, name: '', hazard: 'flood', subType: '', startDate: today, townships: [...townships], villages: '', status: 'active' };
}

export function eventValues(e: DisasterEvent): EventFormValues {
  return { ...e, subType: e.subType ?? '', townships: [...e.townships], villages: joinList(e.villages) };
}

/** The event as the schema and the server take it: lists split, empty optional fields left out. */
export function prepareEvent(v: EventFormValues): Record<string, unknown> {
  const villages = splitList(v.villages);
  return compact({
    id: v.id,
    name: typeof v.name === 'string' ? v.name.trim() : v.name,
    hazard: v.hazard,
    subType: optionalText(v.subType),
    startDate: v.startDate,
    townships: [...new Set(pickedList(v.townships))],
    villages: villages.length > 0 ? villages : undefined,
    status: v.status,
  });
}

export const eventResolver = preparedResolver<EventFormValues, DisasterEvent>(disasterEventSchema, prepareEvent);
