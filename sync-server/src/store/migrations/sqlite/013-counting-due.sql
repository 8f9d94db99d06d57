-- Tidemark sync server, SQLite dialect, migration 13 (issue 14, SPEC D9): counting off the push's path.
-- counting_due: the records a write left to be counted (households, hand-outs and their corrections),
-- one row per record written, inserted in the writer's own transaction. The counter (dashboard/counter.ts)
-- counts them after the commit and deletes the rows it read in the transaction that writes what they
-- produce; a row left by a crash is counted at the next start. id: the order of the marks (a record
-- marked again while being counted keeps its newer mark).
CREATE TABLE counting_due (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL
);
