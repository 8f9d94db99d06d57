-- Tidemark sync server, PostgreSQL dialect, migration 11: the hand-over file (SPEC F1–F5, issue 17).
-- The public signing keys tablets register per (client id, account) at an online login. Keys are never
-- replaced or deleted: a file signed before a later registration still verifies. Public keys only.
CREATE TABLE handover_keys (
  client_id     text NOT NULL,
  user_id       text NOT NULL REFERENCES users (id),
  key_id        text NOT NULL,
  public_key    text NOT NULL,
  registered_at timestamptz NOT NULL,
  PRIMARY KEY (client_id, user_id, key_id)
);
-- The seed of the server's ECDH P-256 key that hand-over files are sealed to (F1); it never leaves the
-- server. Two gen_random_uuid() (pg_strong_random) as for id_hmac: 244 random bits, hashed to the key.
INSERT INTO server_secrets (name, value)
  VALUES ('handover_ecdh', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));
