-- Tidemark sync server, SQLite dialect, migration 16 (issue 14, fourteenth session): the audit log by area.
-- The audit page of a supervisor's county, or of one township, read audit_log newest first to its limit,
-- keeping the rows of those townships: the whole log for a township with few entries. It now reads, per
-- township, the newest entries written with it (audit_log_township_id: the index migration 15 dropped as
-- audit_log_township when no query read it, under a new name) and the release-1 entries mapped to it
-- (audit_areas_area): record-queries.ts selectAudit.
-- Each audit row adds an entry at the end of its township's run (ids grow): few pages a commit.
CREATE INDEX audit_log_township_id ON audit_log (township, id);
CREATE INDEX audit_areas_area ON audit_areas (area_code, audit_id);
