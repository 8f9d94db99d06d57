-- Issue 11 §5, SPEC T3: attachments are visible by (area, hash). The first uploader's township used to
-- own the bytes, so a second township uploading the same photo could not read it back, and `missing`
-- answered across areas. SQLite cannot change a primary key: the table is rebuilt.
-- A row without a township (an administrator's upload) takes the township of its record when there is
-- one, else '' (an area no worker or supervisor has: only administrators read it).
CREATE TABLE attachments_by_area (
  township     TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  bytes        BLOB NOT NULL,
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  record_id    TEXT,
  uploaded_by  TEXT,
  created_at   TEXT NOT NULL,
  PRIMARY KEY (township, sha256)
);

INSERT INTO attachments_by_area (township, sha256, bytes, size, content_type, record_id, uploaded_by, created_at)
SELECT COALESCE(a.township, (SELECT r.township FROM records r WHERE r.id = a.record_id AND r.township IS NOT NULL LIMIT 1), ''),
       a.sha256, a.bytes, a.size, a.content_type, a.record_id, a.uploaded_by, a.created_at
FROM attachments a;

DROP TABLE attachments;
ALTER TABLE attachments_by_area RENAME TO attachments;
CREATE INDEX attachments_by_hash ON attachments (sha256);
