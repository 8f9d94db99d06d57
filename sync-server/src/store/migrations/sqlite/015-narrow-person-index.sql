-- Tidemark sync server, SQLite dialect, migration 15 (issue 14, eleventh session): narrower random-key indexes.
-- A storm's commits each insert ~1,000 person keys at random places of every index they go into and so
-- touch most of those indexes' leaf pages: the pages a commit writes grow with each random-key index's
-- size (test/bench/results/ingest-issue14.md, eleventh session). Three changes (PostgreSQL's migration 15
-- makes only the third; its queries compare the whole HMAC as before, QueryDialect.hmacPrefix):
--
-- 1. Look-ups by a person's ID-number HMAC (64 hex characters, uniformly random) go through an index of its
--    first 16 characters (64 bits) instead of the whole HMAC, on person_keys and on records: the queries
--    compare both (substr(id_hmac, 1, 16) IN (…) AND id_hmac IN (…), batch-queries.ts hmacIn), so the
--    answers are the same; an entry is ~21 bytes instead of ~70 (a storm: 185 pages instead of 565).
-- 2. person_keys loses its primary key (entity, record_id, id_hmac), an index of ~117-byte entries that
--    served only the replacement of a record's keys (deletePersonKeys: entity = ? AND record_id IN (…)),
--    for an index on record_id alone (~41 bytes). A record's keys are still never held twice: the store
--    writes them only after deleting the record's old ones, or for a record it read as absent in the
--    same transaction (PersonKeysEntry.fresh), one row per distinct HMAC (sql-store.ts writePersonKeys).
--    The table is rebuilt with its rows (no row changes, duplicates cannot exist under the old key).
DROP INDEX person_keys_id_hmac;
CREATE TABLE person_keys_015 (
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  id_hmac    TEXT NOT NULL
);
INSERT INTO person_keys_015 (entity, record_id, id_hmac) SELECT entity, record_id, id_hmac FROM person_keys ORDER BY rowid;
DROP TABLE person_keys;
ALTER TABLE person_keys_015 RENAME TO person_keys;
CREATE INDEX person_keys_record ON person_keys (record_id);
CREATE INDEX person_keys_id_hmac16 ON person_keys (substr(id_hmac, 1, 16));
DROP INDEX records_id_hmac;
CREATE INDEX records_id_hmac16 ON records (substr(id_hmac, 1, 16)) WHERE id_hmac IS NOT NULL;
-- 3. audit_log (township, id): no query reads it. The audit page filters the view audit_log_areas, whose
--    township is COALESCE(audit_areas.area_code, audit_log.township), which no index on audit_log.township
--    serves (EXPLAIN QUERY PLAN: a scan by id, newest first, with or without it).
DROP INDEX audit_log_township;
