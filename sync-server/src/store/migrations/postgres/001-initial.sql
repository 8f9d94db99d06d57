-- Tidemark sync server, PostgreSQL dialect, migration 1. Applied once, in one transaction, with
-- search_path set to the store's schema, by migrate-postgres.ts.

CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text NOT NULL UNIQUE,
  display_name  text NOT NULL,
  role          text NOT NULL CHECK (role IN ('worker', 'supervisor', 'admin')),
  township      text,
  county        text,
  password_hash text NOT NULL,
  unlock_secret text NOT NULL,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL
);
CREATE INDEX users_county ON users (county);

CREATE TABLE devices (
  id        text PRIMARY KEY,
  user_id   text NOT NULL REFERENCES users (id),
  name      text,
  revoked   boolean NOT NULL DEFAULT false,
  last_seen timestamptz
);
CREATE INDEX devices_user ON devices (user_id);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id    text NOT NULL REFERENCES users (id),
  device_id  text NOT NULL REFERENCES devices (id),
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per synced record. server_seq is the pull cursor (SPEC L2): unique, strictly increasing,
-- taken from server_seq_counter while holding the store's advisory lock (see postgres-store.ts).
CREATE SEQUENCE server_seq_counter;
CREATE TABLE records (
  entity         text NOT NULL,
  id             text NOT NULL,
  township       text,
  version        integer NOT NULL,
  fields         jsonb NOT NULL,
  field_versions jsonb NOT NULL,
  field_stamps   jsonb NOT NULL,
  server_seq     bigint NOT NULL UNIQUE,
  created_by     text,
  updated_by     text,
  origin_client  text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  deleted        boolean NOT NULL DEFAULT false,
  id_hmac        text,
  PRIMARY KEY (entity, id)
);
CREATE INDEX records_township_seq ON records (township, server_seq);
CREATE INDEX records_entity_seq ON records (entity, server_seq);
CREATE INDEX records_id_hmac ON records (id_hmac) WHERE id_hmac IS NOT NULL;

-- SPEC P2: (client_id, seq) is unique for ever; the primary key is what stops a second server process
-- from applying the same change twice (INSERT ... ON CONFLICT DO NOTHING, then check the row count).
CREATE TABLE applied_changes (
  client_id  text NOT NULL,
  seq        bigint NOT NULL,
  result     jsonb NOT NULL,
  applied_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, seq)
);

CREATE TABLE attachments (
  sha256       text PRIMARY KEY,
  bytes        bytea NOT NULL,
  size         integer NOT NULL,
  content_type text NOT NULL,
  record_id    text,
  township     text,
  uploaded_by  text,
  created_at   timestamptz NOT NULL
);

-- Append-only (社会救助暂行办法 Art. 66): the triggers refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE audit_log (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL,
  user_id   text,
  device_id text,
  township  text,
  action    text NOT NULL,
  entity    text,
  record_id text,
  detail    jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_township ON audit_log (township, id);
CREATE INDEX audit_log_record ON audit_log (entity, record_id);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Secrets that never leave the server. id_hmac keys the ID-number HMAC (privacy.md §4).
-- gen_random_uuid() draws from pg_strong_random(); two of them give 244 random bits.
CREATE TABLE server_secrets (
  name  text PRIMARY KEY,
  value text NOT NULL
);
INSERT INTO server_secrets (name, value)
  VALUES ('id_hmac', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
