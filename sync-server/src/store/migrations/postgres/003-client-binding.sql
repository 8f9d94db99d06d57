-- Tidemark sync server, PostgreSQL dialect, migration 3: client ids bound to accounts, changes to
-- content (SPEC A4, P8). Marks written before it keep NULL owner and hash and count as matching (P8).

-- Who applied each (client_id, seq) and what it said: another account or other content at a taken
-- pair is refused (CLIENT_ID_REUSED) instead of being answered with someone else's result.
ALTER TABLE applied_changes ADD COLUMN user_id text, ADD COLUMN content_hash text;

-- The physical tablet's id, sent at login beside the client id (a shared tablet has one client id per account).
ALTER TABLE devices ADD COLUMN tablet_id text;

-- Earlier marks get their owner back from the audit log where it names exactly one account for the
-- pair (each applied or refused change was audited with its seq); the rest stay NULL. The audit log
-- is only read.
UPDATE applied_changes c SET user_id = o.user_id
FROM (
  SELECT device_id, (detail->>'seq')::bigint AS seq, min(user_id) AS user_id
  FROM audit_log
  WHERE device_id IS NOT NULL AND user_id IS NOT NULL AND jsonb_typeof(detail->'seq') = 'number'
  GROUP BY device_id, (detail->>'seq')::bigint
  HAVING count(DISTINCT user_id) = 1
) o
WHERE o.device_id = c.client_id AND o.seq = c.seq AND c.user_id IS NULL;
