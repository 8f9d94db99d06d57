-- Tidemark sync server, SQLite dialect, migration 9: the latest sync-health report of each (client id,
-- account) (SPEC H1–H5, issue 16). Counts, ages, codes and storage figures only: no household data.
-- Times are the server's (the tablet's ages anchored to the time of arrival, H2).
CREATE TABLE tablet_health (
  client_id           TEXT NOT NULL,
  user_id             TEXT NOT NULL REFERENCES users (id),
  tablet_id           TEXT,
  kind                TEXT NOT NULL CHECK (kind IN ('sync', 'heartbeat')),
  app_version         TEXT NOT NULL,
  received_at         TEXT NOT NULL,
  last_synced_at      TEXT,
  pending_records     INTEGER NOT NULL,
  oldest_pending_at   TEXT,
  pending_attachments INTEGER NOT NULL,
  rejected            INTEGER NOT NULL,
  storage_persisted   INTEGER,
  storage_usage       INTEGER,
  storage_quota       INTEGER,
  last_error_code     TEXT,
  PRIMARY KEY (client_id, user_id)
);
CREATE INDEX tablet_health_user ON tablet_health (user_id);
