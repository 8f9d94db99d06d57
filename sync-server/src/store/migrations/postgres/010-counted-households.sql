-- Tidemark sync server, migration 10 (issue 16): the county's counting, decided once at ingest.
-- counted_keys: every person (ID-number HMAC) each household record of an event names, head or member,
-- so the push transaction finds the other records a change can re-count (one person in two households).
-- counted_spans: what each de-duplicated household (unit, keyed by its head's HMAC) adds to the county
-- report from valid_from (inclusive) to valid_to (exclusive, null: still so), derived by the shared rules
-- (deduplicate-households.ts, county-report.ts) and summed in SQL by the report and the dashboard.
-- Times are UTC ISO-8601 with milliseconds (compared as text). Counts only: no names, no ID numbers.
CREATE TABLE counted_keys (
  event_id   text NOT NULL,
  record_id  text NOT NULL,
  id_hmac    text NOT NULL,
  is_head    integer NOT NULL,
  PRIMARY KEY (event_id, record_id, id_hmac)
);
CREATE INDEX counted_keys_person ON counted_keys (event_id, id_hmac);
CREATE INDEX counted_keys_record ON counted_keys (record_id);

CREATE TABLE counted_spans (
  event_id            text NOT NULL,
  unit_key            text NOT NULL,
  valid_from          text NOT NULL,
  valid_to            text,
  record_id           text NOT NULL,
  township            text NOT NULL,
  status              text NOT NULL,
  evacuation          text NOT NULL,
  placement           text NOT NULL,
  site_id             text,
  people              integer NOT NULL,
  need_emergency      integer NOT NULL,
  need_transitional   integer NOT NULL,
  damage_level        text NOT NULL,
  damage_rooms        integer NOT NULL,
  dead                integer NOT NULL,
  missing             integer NOT NULL,
  injured             integer NOT NULL,
  PRIMARY KEY (event_id, unit_key, valid_from)
);
CREATE INDEX counted_spans_time ON counted_spans (event_id, valid_from);

-- Set once the records stored before this migration have been counted (dashboard/backfill.ts).
CREATE TABLE counted_state (
  name   text PRIMARY KEY,
  value  text NOT NULL
);
