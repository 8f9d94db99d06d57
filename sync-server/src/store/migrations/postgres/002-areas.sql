-- Migration 2: areas by division code (issue 10). Applied in the migration transaction together with
-- the data step 002-areas.ts (migrate-postgres.ts), which turns the township NAMES of release 1 into codes.

-- The division registry: province → city → county → township → village, keyed by the 12-character
-- statistical division code (official: 12 digits; provisional, made by this upgrade: 'L' + 11 digits).
-- Never deleted: a division that changes is retired with its successor.
CREATE TABLE divisions (
  code           text PRIMARY KEY CHECK (length(code) = 12),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  level          text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
  parent_code    text REFERENCES divisions (code),
  status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
  successor_code text REFERENCES divisions (code),
  provisional    boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CHECK ((status = 'retired') = (successor_code IS NOT NULL)),
  CHECK (successor_code IS NULL OR successor_code <> code)
);
CREATE INDEX divisions_parent ON divisions (parent_code);
-- Names are unique among the active children of one parent (normalised before they get here).
CREATE UNIQUE INDEX divisions_name_in_parent ON divisions (COALESCE(parent_code, ''), name) WHERE status = 'active';
CREATE FUNCTION divisions_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'divisions are retired, never deleted';
END;
$$;
CREATE TRIGGER divisions_no_delete BEFORE DELETE ON divisions
  FOR EACH ROW EXECUTE FUNCTION divisions_never_deleted();
CREATE TRIGGER divisions_no_truncate BEFORE TRUNCATE ON divisions
  FOR EACH STATEMENT EXECUTE FUNCTION divisions_never_deleted();

-- Rows of release 1 whose township name could not be given a code unambiguously (a name found in
-- two counties and a writer that does not say which): the administrator resolves each one.
CREATE TABLE area_queue (
  id               bigserial PRIMARY KEY,
  kind             text NOT NULL CHECK (kind IN ('record', 'event-township', 'attachment', 'audit')),
  entity           text,
  record_id        text,
  -- event-township: the index in the event's townships list.
  position         integer,
  sha256           text,
  audit_id         bigint,
  written_township text NOT NULL,
  -- the codes it could be
  candidates       jsonb NOT NULL,
  created_at       timestamptz NOT NULL,
  resolved_code    text REFERENCES divisions (code),
  resolved_by      text,
  resolved_at      timestamptz
);
CREATE INDEX area_queue_open ON area_queue (resolved_at, id);

-- The area of an audit row written with a township NAME (release 1). The audit log itself is
-- append-only and never rewritten: this table maps its rows, and the view reads through it.
CREATE TABLE audit_areas (
  audit_id  bigint PRIMARY KEY REFERENCES audit_log (id),
  area_code text NOT NULL REFERENCES divisions (code)
);
CREATE VIEW audit_log_areas AS
  SELECT a.id, a.at, a.user_id, a.device_id, COALESCE(m.area_code, a.township) AS township, a.township AS written_township,
         a.action, a.entity, a.record_id, a.detail
  FROM audit_log a LEFT JOIN audit_areas m ON m.audit_id = a.id;
CREATE INDEX users_township ON users (township);
