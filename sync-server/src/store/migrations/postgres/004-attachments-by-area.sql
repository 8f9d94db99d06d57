-- Issue 11 §5, SPEC T3: attachments are visible by (area, hash) (see the SQLite twin of this file).
UPDATE attachments a
SET township = COALESCE((SELECT r.township FROM records r WHERE r.id = a.record_id AND r.township IS NOT NULL LIMIT 1), '')
WHERE a.township IS NULL;

ALTER TABLE attachments ALTER COLUMN township SET NOT NULL;
ALTER TABLE attachments DROP CONSTRAINT attachments_pkey;
ALTER TABLE attachments ADD PRIMARY KEY (township, sha256);
CREATE INDEX attachments_by_hash ON attachments (sha256);
