-- Migration 2: areas by division code (issue 10). Applied in one transaction with the data step
-- 002-areas.ts (migrate-sqlite.ts), which turns the township NAMES of release 1 into codes.

-- The division registry: province → city → county → township → village, keyed by the 12-character
-- statistical division code (official: 12 digits; provisional, made by this upgrade: 'L' + 11 digits).
-- Never deleted: a division that changes is retired with its successor.
CREATE TABLE divisions (
  code           TEXT PRIMARY KEY CHECK (length(code) = 12),
  name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  level          TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
  parent_code    TEXT REFERENCES divisions (code),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  successor_code TEXT REFERENCES divisions (code),
  provisional    INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  CHECK ((status = 'retired') = (successor_code IS NOT NULL)),
  CHECK (successor_code IS NULL OR successor_code <> code)
);
CREATE INDEX divisions_parent ON divisions (parent_code);
-- Names are unique among the active children of one parent (normalised before they get here).
CREATE UNIQUE INDEX divisions_name_in_parent ON divisions (COALESCE(parent_code, ''), name) WHERE status = 'active';
CREATE TRIGGER divisions_no_delete BEFORE DELETE ON divisions
BEGIN SELECT RAISE(ABORT, 'divisions are retired, never deleted'); END;

-- Rows of release 1 whose township name could not be given a code unambiguously (a name found in
-- two counties and a writer that does not say which): the administrator resolves each one.
CREATE TABLE area_queue (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  kind             TEXT NOT NULL CHECK (kind IN ('record', 'event-township', 'attachment', 'audit')),
  entity           TEXT,
  record_id        TEXT,
  -- event-township: the index in the event's townships list.
  position         INTEGER,
  sha256           TEXT,
  audit_id         INTEGER,
  written_township TEXT NOT NULL,
  -- JSON array of the codes it could be.
  candidates       TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  resolved_code    TEXT REFERENCES divisions (code),
  resolved_by      TEXT,
  resolved_at      TEXT
);
CREATE INDEX area_queue_open ON area_queue (resolved_at, id);

-- The area of an audit row written with a township NAME (release 1). The audit log itself is
-- append-only and never rewritten: this table maps its rows, and the view reads through it.
CREATE TABLE audit_areas (
  audit_id  INTEGER PRIMARY KEY REFERENCES audit_log (id),
  area_code TEXT NOT NULL REFERENCES divisions (code)
);
CREATE VIEW audit_log_areas AS
  SELECT a.id, a.at, a.user_id, a.device_id, COALESCE(m.area_code, a.township) AS township, a.township AS written_township,
         a.action, a.entity, a.record_id, a.detail
  FROM audit_log a LEFT JOIN audit_areas m ON m.audit_id = a.id;
CREATE INDEX users_township ON users (township);
