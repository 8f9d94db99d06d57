-- Issue 10 §7: the areas each account has held, with server times, so a change a worker saved before
-- being moved is still accepted under the township it was made in (SPEC A8). Never deleted.
CREATE TABLE account_areas (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    TEXT NOT NULL REFERENCES users (id),
  role       TEXT NOT NULL,
  township   TEXT,
  county     TEXT,
  from_at    TEXT NOT NULL,
  -- NULL: the account's current area.
  until_at   TEXT
);
CREATE INDEX account_areas_user ON account_areas (user_id, from_at);
CREATE UNIQUE INDEX account_areas_current ON account_areas (user_id) WHERE until_at IS NULL;
-- Accounts made before this migration: their area since they were created.
INSERT INTO account_areas (user_id, role, township, county, from_at, until_at)
  SELECT id, role, township, county, created_at, NULL FROM users;
CREATE INDEX sessions_user ON sessions (user_id);
