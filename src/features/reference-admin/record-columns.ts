import type { TFunction } from 'i18next';
import type { DisasterEvent } from '../../shared/schema/disaster-event';
import type { Entitlement } from '../../shared/schema/entitlement';
import type { PolicyRecord } from '../../shared/schema/policy';
import type { ShelterSite } from '../../shared/schema/shelter-site';
import type { AreaDirectory } from '../areas/area-directory';
import { areaText } from '../areas/area-text';
import type { ReferenceKind } from './reference-api';

/** A cell: text, or area codes the table shows by name with the code as secondary text. */
export type Cell = string | { areas: string[] };

export interface Columns {
  headers: string[];
  cells: (fields: Record<string, unknown>) => Cell[];
  /** How a row is named in its buttons' labels and in "saved" messages. */
  name: (fields: Record<string, unknown>) => string;
}

/** The columns of each kind's list (t: the referenceAdmin namespace). */
export function columnsOf(kind: ReferenceKind, t: TFunction, events: readonly DisasterEvent[], directory: AreaDirectory | null = null): Columns {
  const eventName = (id: string) => events.find((e) => e.id === id)?.name ?? id;
  const area = (code: string | null | undefined): Cell => (code ? { areas: [code] } : '');
  switch (kind) {
    case 'event':
      return {
        headers: [t('event.name'), t('event.hazard'), t('event.startDate'), t('event.townships'), t('event.status')],
        cells: (f) => {
          const e = f as DisasterEvent;
          return [e.name, t(`event.hazards.${e.hazard}`), e.startDate, { areas: e.townships ?? [] }, t(`event.statuses.${e.status}`)];
        },
        name: (f) => (f as DisasterEvent).name,
      };
    case 'site':
      return {
        headers: [t('site.name'), t('site.type'), t('site.township'), t('site.capacity'), t('site.floorArea'), t('site.openedOn')],
        cells: (f) => {
          const s = f as ShelterSite;
          return [s.name, t(`site.types.${s.type}`), area(s.township), String(s.capacity), String(s.floorArea), s.openedOn];
        },
        name: (f) => (f as ShelterSite).name,
      };
    case 'entitlement':
      return {
        headers: [t('entitlement.event'), t('entitlement.round'), t('entitlement.itemKind'), t('entitlement.township'), t('entitlement.limit')],
        cells: (f) => {
          const e = f as Entitlement;
          const limit = [e.maxQuantity !== undefined ? `${e.maxQuantity}${e.unit ?? ''}` : null, e.maxValue !== undefined ? `¥${e.maxValue}` : null];
          return [eventName(e.eventId), String(e.round), t(`relief:items.${e.itemKind}`), e.township ? area(e.township) : t('countyWide'), limit.filter(Boolean).join(' / ')];
        },
        name: (f) => {
          const e = f as Entitlement;
          return `${eventName(e.eventId)} ${String(e.round)} ${t(`relief:items.${e.itemKind}`)}`;
        },
      };
    case 'policy':
      return {
        headers: [t('policy.township'), t('policy.policyVersion'), t('policy.effectiveFrom'), t('policy.standards')],
        cells: (f) => {
          const p = f as PolicyRecord;
          return [area(p.township), String(p.policyVersion), p.effectiveFrom ?? t('none'), `${p.parameters?.standard?.urban} / ${p.parameters?.standard?.rural}`];
        },
        name: (f) => {
          const p = f as PolicyRecord;
          return `${p.township ? areaText(directory, p.township) : ''} v${p.policyVersion}`;
        },
      };
  }
}
