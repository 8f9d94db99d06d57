-- Tidemark sync server, migration 10 (issue 16): the county's counting, decided once at ingest.
-- counted_keys: every person (ID-number HMAC) each household record of an event names, head or member,
-- so the push transaction finds the other records a change can re-count (one person in two households).
-- counted_spans: what each de-duplicated household (unit, keyed by its head's HMAC) adds to the county
-- report from valid_from (inclusive) to valid_to (exclusive, null: still so), derived by the shared rules
-- (deduplicate-households.ts, county-report.ts) and summed in SQL by the report and the dashboard.
-- Times are UTC ISO-8601 with milliseconds (compared as text). Counts only: no names, no ID numbers.
CREATE TABLE counted_keys (
  event_id   TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  id_hmac    TEXT NOT NULL,
  is_head    INTEGER NOT NULL,
  PRIMARY KEY (event_id, record_id, id_hmac)
);
CREATE INDEX counted_keys_person ON counted_keys (event_id, id_hmac);
CREATE INDEX counted_keys_record ON counted_keys (record_id);

CREATE TABLE counted_spans (
  event_id            TEXT NOT NULL,
  unit_key            TEXT NOT NULL,
  valid_from          TEXT NOT NULL,
  valid_to            TEXT,
  record_id           TEXT NOT NULL,
  township            TEXT NOT NULL,
  status              TEXT NOT NULL,
  evacuation          TEXT NOT NULL,
  placement           TEXT NOT NULL,
  site_id             TEXT,
  people              INTEGER NOT NULL,
  need_emergency      INTEGER NOT NULL,
  need_transitional   INTEGER NOT NULL,
  damage_level        TEXT NOT NULL,
  damage_rooms        INTEGER NOT NULL,
  dead                INTEGER NOT NULL,
  missing             INTEGER NOT NULL,
  injured             INTEGER NOT NULL,
  PRIMARY KEY (event_id, unit_key, valid_from)
);
CREATE INDEX counted_spans_time ON counted_spans (event_id, valid_from);

-- Set once the records stored before this migration have been counted (dashboard/backfill.ts).
CREATE TABLE counted_state (
  name   TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);
