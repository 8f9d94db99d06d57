-- Tidemark sync server, SQLite dialect, migration 3: client ids bound to accounts, changes to content
-- (SPEC A4, P8). Marks written before it keep NULL owner and hash and count as matching (P8).

-- Who applied each (client_id, seq) and what it said: another account or other content at a taken
-- pair is refused (CLIENT_ID_REUSED) instead of being answered with someone else's result.
ALTER TABLE applied_changes ADD COLUMN user_id TEXT;
ALTER TABLE applied_changes ADD COLUMN content_hash TEXT;

-- The physical tablet's id, sent at login beside the client id (a shared tablet has one client id per account).
ALTER TABLE devices ADD COLUMN tablet_id TEXT;

-- Earlier marks get their owner back from the audit log where it names exactly one account for the
-- pair (each applied or refused change was audited with its seq); the rest stay NULL. The audit log
-- is only read.
CREATE TEMP TABLE applied_owner AS
  SELECT device_id AS client_id, CAST(json_extract(detail, '$.seq') AS INTEGER) AS seq, MIN(user_id) AS user_id
  FROM audit_log
  WHERE device_id IS NOT NULL AND user_id IS NOT NULL AND json_valid(detail) AND json_type(detail, '$.seq') = 'integer'
  GROUP BY device_id, CAST(json_extract(detail, '$.seq') AS INTEGER)
  HAVING COUNT(DISTINCT user_id) = 1;
CREATE INDEX temp.applied_owner_key ON applied_owner (client_id, seq);
UPDATE applied_changes SET user_id = (
  SELECT o.user_id FROM applied_owner o WHERE o.client_id = applied_changes.client_id AND o.seq = applied_changes.seq
) WHERE user_id IS NULL;
DROP TABLE applied_owner;
