import { disasterEventSchema, type DisasterEvent } from '../../../src/shared/schema/disaster-event';
import { displacedHouseholdSchema, type DisplacedHousehold } from '../../../src/shared/schema/displaced-household';
import { reliefDistributionSchema, type ReliefDistribution } from '../../../src/shared/schema/relief';
import { RELIEF_CORRECTION_ENTITY, reliefCorrectionSchema } from '../../../src/shared/schema/relief-correction';
import { correctedLedger } from '../../../src/shared/rules/relief-ledger';
import { shelterSiteSchema, type ShelterSite } from '../../../src/shared/schema/shelter-site';
import type { InTownship } from '../../../src/shared/rules/relocation/county-report';
import { appError } from '../errors';
import type { Store, StoredRecord } from '../store/store';
import { nameOf } from '../areas/division-names';
import { listAllRecords } from './list-all-records';
import { countedDb, liveRecord, selectLiveRecords } from '../dashboard/counted-queries';

export interface EventData {
  event: DisasterEvent;
  households: InTownship<DisplacedHousehold>[];
  handouts: InTownship<ReliefDistribution>[];
  sites: ShelterSite[];
  /** Stored records that no longer parse (e.g. a form version since retired): reported, never guessed at. */
  skippedRecords: { entity: string; id: string }[];
}

/**
 * The event and its households, hand-outs (read through their corrections) and sites in the given townships (null: all). Stored fields
 * are parsed again with the shared schemas so the report sees the same defaults the tablet did; the
 * township is the record's code (the account's that wrote it), never a payload field. A household whose
 * origin names no township gets its record's township NAME there (`names`), so an address reads
 * 清河镇河东村, never a division code.
 */
export async function loadEventData(store: Store, eventId: string, townships: string[] | null, names: ReadonlyMap<string, string> = new Map()): Promise<EventData> {
  const { event, read, inTownship, skippedRecords } = await eventReader(store, eventId, townships);
  const households = (await read('household', (f) => displacedHouseholdSchema.safeParse(f)))
    .filter((r) => r.value.eventId === eventId)
    .map(({ record, value }) => {
      const origin = value.origin.township || !record.township ? value.origin : { ...value.origin, township: nameOf(names, record.township) };
      return { record, value: { ...value, origin } };
    });
  const { handouts, sites } = await readReliefAndSites(eventId, read, inTownship);
  skippedRecords.sort(bySkipped);
  return { event, households: inTownship(households), handouts, sites, skippedRecords };
}

const bySkipped = (a: { entity: string; id: string }, b: { entity: string; id: string }) => (a.entity + a.id < b.entity + b.id ? -1 : 1);

type Reader = Awaited<ReturnType<typeof eventReader>>;

/** Reads the live records of a kind in one statement (dashboard/counted-queries.ts), as StoredRecord-shaped rows for the parsers. */
const oneStatement = (store: Store) => async (entity: string, townships: string[] | null) =>
  (await store.queryCompiled(selectLiveRecords(countedDb(store), entity, townships))).map((r) => liveRecord(r) as unknown as StoredRecord);

async function eventReader(store: Store, eventId: string, townships: string[] | null, list?: (entity: string, townships: string[] | null) => Promise<StoredRecord[]>) {
  const eventRecord = await store.getRecord('event', eventId);
  if (!eventRecord || eventRecord.deleted) throw appError('NOT_FOUND', { entity: 'event', id: eventId });
  const event = disasterEventSchema.parse(eventRecord.fields);
  const skippedRecords: EventData['skippedRecords'] = [];

  const read = async <T extends object>(entity: string, parse: (f: unknown) => { success: boolean; data?: T }) => {
    const out: { record: StoredRecord; value: T }[] = [];
    for (const record of list ? await list(entity, townships) : await listAllRecords(store, { entity, townships })) {
      const r = parse(record.fields);
      if (!r.success || !r.data) skippedRecords.push({ entity, id: record.id });
      else out.push({ record, value: r.data });
    }
    return out;
  };
  const inTownship = <T>(rows: { record: StoredRecord; value: T }[]) => rows.map(({ record, value }) => ({ ...value, township: record.township ?? '' }));
  return { event, read, inTownship, skippedRecords };
}

async function readReliefAndSites(eventId: string, read: Reader['read'], inTownship: Reader['inTownship']) {
  const recorded = (await read('relief', (f) => reliefDistributionSchema.safeParse(f))).filter((r) => r.value.eventId === eventId);
  // SPEC R4: reports and exports count the corrected ledger (a void leaves a hand-out out, a correction
  // replaces its values). Corrections are stored in their original's township, so the same townships hold them.
  const ids = new Set(recorded.map((r) => r.value.id));
  const corrections = (await read(RELIEF_CORRECTION_ENTITY, (f) => reliefCorrectionSchema.safeParse(f))).filter((r) => ids.has(r.value.originalId));
  const handouts = correctedLedger(inTownship(recorded), corrections.map((c) => c.value)).handouts;
  const sites = (await read('site', (f) => shelterSiteSchema.safeParse(f))).map((r) => r.value);
  return { handouts, sites };
}

/**
 * The event and its sites, without its households or hand-outs: the county report sums those from the
 * rows decided at ingest (dashboard/counted-figures.ts, counted-relief-figures.ts). `skipped`: the
 * household, hand-out and correction records that no longer parse, as the counting found them.
 */
export async function loadEventSites(store: Store, eventId: string, townships: string[] | null, skipped: readonly { entity: string; id: string }[]) {
  const { event, read, skippedRecords } = await eventReader(store, eventId, townships, oneStatement(store));
  const sites = (await read('site', (f) => shelterSiteSchema.safeParse(f))).map((r) => r.value);
  skippedRecords.push(...skipped);
  skippedRecords.sort(bySkipped);
  return { event, sites, skippedRecords };
}
