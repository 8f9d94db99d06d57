-- Tidemark sync server, SQLite dialect, migration 11: the hand-over file (SPEC F1–F5, issue 17).
-- The public signing keys tablets register per (client id, account) at an online login. Keys are never
-- replaced or deleted: a file signed before a later registration still verifies. Public keys only.
CREATE TABLE handover_keys (
  client_id     TEXT NOT NULL,
  user_id       TEXT NOT NULL REFERENCES users (id),
  key_id        TEXT NOT NULL,
  public_key    TEXT NOT NULL,
  registered_at TEXT NOT NULL,
  PRIMARY KEY (client_id, user_id, key_id)
);
-- The seed of the server's ECDH P-256 key that hand-over files are sealed to (F1); it never leaves the server.
INSERT INTO server_secrets (name, value) VALUES ('handover_ecdh', lower(hex(randomblob(32))));
