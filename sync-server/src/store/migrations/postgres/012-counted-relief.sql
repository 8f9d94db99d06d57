-- Tidemark sync server, PostgreSQL dialect, migration 12 (issue 16, SPEC D7–D8): relief counted once at
-- ingest, and the China dates of the counted spans.
-- from_day / to_day: the China date (UTC+8) of valid_from / valid_to, so the day series is two grouped
-- sums over a covering index (a span holds at the end of day d iff from_day <= d and (to_day is null or to_day > d)).
ALTER TABLE counted_spans ADD COLUMN from_day text;
ALTER TABLE counted_spans ADD COLUMN to_day text;
UPDATE counted_spans SET from_day = to_char((valid_from::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD'),
  to_day = CASE WHEN valid_to IS NULL THEN NULL ELSE to_char((valid_to::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') END;
CREATE INDEX counted_spans_from_day ON counted_spans (event_id, from_day, township, evacuation, status, placement, people);
CREATE INDEX counted_spans_to_day ON counted_spans (event_id, to_day, township, evacuation, status, placement, people);

-- counted_relief: each live hand-out as the corrected ledger counts it (relief-ledger.ts, SPEC R4), one
-- row per hand-out (none when voided or deleted), written in the push's transaction. township is the
-- hand-out record's own (the report moves it to its household's township at the reporting time, in SQL).
-- at: UTC ISO-8601 with milliseconds; fen: the cash value in fen (integer, never a drifting float).
CREATE TABLE counted_relief (
  handout_id    text PRIMARY KEY,
  event_id      text NOT NULL,
  household_id  text NOT NULL,
  township      text NOT NULL,
  at            text NOT NULL,
  round         text NOT NULL,
  category      text NOT NULL,
  kind          text NOT NULL,
  unit          text NOT NULL,
  quantity      double precision NOT NULL,
  fen           integer NOT NULL
);
CREATE INDEX counted_relief_event ON counted_relief (event_id, at);

-- Covering indexes for the attribution of each hand-out (household record -> its unit -> the unit's
-- township at the reporting time): every column the report's relief statement reads is in the index.
CREATE INDEX counted_keys_head ON counted_keys (event_id, record_id, is_head, id_hmac);
CREATE INDEX counted_spans_unit_at ON counted_spans (event_id, unit_key, valid_from, valid_to, township);

-- Relief and correction records that no longer parse (reported in skippedRecords, never guessed at).
CREATE TABLE counted_unreadable (
  entity     text NOT NULL,
  record_id  text NOT NULL,
  township   text,
  PRIMARY KEY (entity, record_id)
);

-- The corrections of a hand-out, found from its id when either arrives (either may come first).
CREATE INDEX records_correction_original ON records ((fields ->> 'originalId')) WHERE entity = 'relief-correction';
