-- Tidemark sync server, SQLite dialect, migration 1. Applied once, in one transaction, by migrate-sqlite.ts.

CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('worker', 'supervisor', 'admin')),
  township      TEXT,
  county        TEXT,
  password_hash TEXT NOT NULL,
  unlock_secret TEXT NOT NULL,
  disabled      INTEGER NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);
CREATE INDEX users_county ON users (county);

CREATE TABLE devices (
  id        TEXT PRIMARY KEY,
  user_id   TEXT NOT NULL REFERENCES users (id),
  name      TEXT,
  revoked   INTEGER NOT NULL DEFAULT 0,
  last_seen TEXT
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users (id),
  device_id  TEXT NOT NULL REFERENCES devices (id),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per synced record. server_seq is the pull cursor (SPEC L2): unique, strictly increasing.
CREATE TABLE records (
  entity         TEXT NOT NULL,
  id             TEXT NOT NULL,
  township       TEXT,
  version        INTEGER NOT NULL,
  fields         TEXT NOT NULL,
  field_versions TEXT NOT NULL,
  field_stamps   TEXT NOT NULL,
  server_seq     INTEGER NOT NULL UNIQUE,
  created_by     TEXT,
  updated_by     TEXT,
  origin_client  TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0,
  id_hmac        TEXT,
  PRIMARY KEY (entity, id)
);
CREATE INDEX records_township_seq ON records (township, server_seq);
CREATE INDEX records_entity_seq ON records (entity, server_seq);
CREATE INDEX records_id_hmac ON records (id_hmac) WHERE id_hmac IS NOT NULL;

-- The source of server_seq values. A counter row (not MAX()+1) so a value is never handed out twice.
CREATE TABLE counters (
  name  TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('server_seq', 0);

-- SPEC P2: (client_id, seq) is unique for ever; written in the same transaction as the records.
CREATE TABLE applied_changes (
  client_id  TEXT NOT NULL,
  seq        INTEGER NOT NULL,
  result     TEXT NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (client_id, seq)
);

CREATE TABLE attachments (
  sha256       TEXT PRIMARY KEY,
  bytes        BLOB NOT NULL,
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  record_id    TEXT,
  township     TEXT,
  uploaded_by  TEXT,
  created_at   TEXT NOT NULL
);

-- Append-only (社会救助暂行办法 Art. 66: records must not be altered): the triggers refuse changes.
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  user_id   TEXT,
  device_id TEXT,
  township  TEXT,
  action    TEXT NOT NULL,
  entity    TEXT,
  record_id TEXT,
  detail    TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_township ON audit_log (township, id);
CREATE INDEX audit_log_record ON audit_log (entity, record_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Secrets that never leave the server. id_hmac keys the ID-number HMAC (privacy.md §4).
-- randomblob() is SQLite's CSPRNG, seeded from the operating system.
CREATE TABLE server_secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO server_secrets (name, value) VALUES ('id_hmac', lower(hex(randomblob(32))));
