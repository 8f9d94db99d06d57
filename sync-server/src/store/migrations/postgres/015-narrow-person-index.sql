-- Tidemark sync server, PostgreSQL dialect, migration 15 (issue 14, eleventh session): narrower random-key indexes.
-- As the SQLite migration 15, for the queries both stores share (batch-queries.ts hmacIn):
-- 1. Look-ups by a person's ID-number HMAC (64 hex characters, uniformly random) go through an index of its
--    first 16 characters (64 bits) instead of the whole HMAC, on person_keys and on records: the queries
--    compare both (substr(id_hmac, 1, 16) IN (…) AND id_hmac IN (…)), so the answers are the same; the
--    index is about a third of the size, and so are the pages a commit of random keys dirties in it.
-- 2. (SQLite only: person_keys keeps its primary key here; the PostgreSQL push path is left as it is.)
-- 3. audit_log (township, id): no query reads it (the audit page filters the view audit_log_areas, whose
--    township is COALESCE(audit_areas.area_code, audit_log.township)).
DROP INDEX person_keys_id_hmac;
CREATE INDEX person_keys_id_hmac16 ON person_keys (substr(id_hmac, 1, 16));
DROP INDEX records_id_hmac;
CREATE INDEX records_id_hmac16 ON records (substr(id_hmac, 1, 16)) WHERE id_hmac IS NOT NULL;
DROP INDEX audit_log_township;
