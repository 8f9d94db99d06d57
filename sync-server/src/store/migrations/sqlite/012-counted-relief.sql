-- Tidemark sync server, SQLite dialect, migration 12 (issue 16, SPEC D7–D8): relief counted once at
-- ingest, and the China dates of the counted spans.
-- from_day / to_day: the China date (UTC+8) of valid_from / valid_to, so the day series is two grouped
-- sums over a covering index (a span holds at the end of day d iff from_day <= d and (to_day is null or to_day > d)).
ALTER TABLE counted_spans ADD COLUMN from_day TEXT;
ALTER TABLE counted_spans ADD COLUMN to_day TEXT;
UPDATE counted_spans SET from_day = date(valid_from, '+8 hours'), to_day = CASE WHEN valid_to IS NULL THEN NULL ELSE date(valid_to, '+8 hours') END;
CREATE INDEX counted_spans_from_day ON counted_spans (event_id, from_day, township, evacuation, status, placement, people);
CREATE INDEX counted_spans_to_day ON counted_spans (event_id, to_day, township, evacuation, status, placement, people);

-- counted_relief: each live hand-out as the corrected ledger counts it (relief-ledger.ts, SPEC R4), one
-- row per hand-out (none when voided or deleted), written in the push's transaction. township is the
-- hand-out record's own (the report moves it to its household's township at the reporting time, in SQL).
-- at: UTC ISO-8601 with milliseconds; fen: the cash value in fen (integer, never a drifting float).
CREATE TABLE counted_relief (
  handout_id    TEXT PRIMARY KEY,
  event_id      TEXT NOT NULL,
  household_id  TEXT NOT NULL,
  township      TEXT NOT NULL,
  at            TEXT NOT NULL,
  round         TEXT NOT NULL,
  category      TEXT NOT NULL,
  kind          TEXT NOT NULL,
  unit          TEXT NOT NULL,
  quantity      REAL NOT NULL,
  fen           INTEGER NOT NULL
);
CREATE INDEX counted_relief_event ON counted_relief (event_id, at);

-- Covering indexes for the attribution of each hand-out (household record -> its unit -> the unit's
-- township at the reporting time): every column the report's relief statement reads is in the index.
CREATE INDEX counted_keys_head ON counted_keys (event_id, record_id, is_head, id_hmac);
CREATE INDEX counted_spans_unit_at ON counted_spans (event_id, unit_key, valid_from, valid_to, township);

-- Relief and correction records that no longer parse (reported in skippedRecords, never guessed at).
CREATE TABLE counted_unreadable (
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  township   TEXT,
  PRIMARY KEY (entity, record_id)
);

-- The corrections of a hand-out, found from its id when either arrives (either may come first).
CREATE INDEX records_correction_original ON records (json_extract(fields, '$.originalId')) WHERE entity = 'relief-correction';
