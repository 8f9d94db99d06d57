-- Tidemark sync server, PostgreSQL dialect, migration 9: the latest sync-health report of each (client
-- id, account) (SPEC H1–H5, issue 16). Counts, ages, codes and storage figures only: no household data.
-- Times are the server's (the tablet's ages anchored to the time of arrival, H2).
CREATE TABLE tablet_health (
  client_id           text NOT NULL,
  user_id             text NOT NULL REFERENCES users (id),
  tablet_id           text,
  kind                text NOT NULL CHECK (kind IN ('sync', 'heartbeat')),
  app_version         text NOT NULL,
  received_at         timestamptz NOT NULL,
  last_synced_at      timestamptz,
  pending_records     integer NOT NULL,
  oldest_pending_at   timestamptz,
  pending_attachments integer NOT NULL,
  rejected            integer NOT NULL,
  storage_persisted   boolean,
  storage_usage       bigint,
  storage_quota       bigint,
  last_error_code     text,
  PRIMARY KEY (client_id, user_id)
);
CREATE INDEX tablet_health_user ON tablet_health (user_id);
