-- Every person a record names, by the keyed HMAC of their ID number (privacy.md §4): a household's head
-- and its members. records.id_hmac keys the head only; the duplicate check compares every member too
-- (issue 13 item 2, STYLE habit 14). Written after a push by the duplicate check, rebuilt by a rescan.
CREATE TABLE person_keys (
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  id_hmac    TEXT NOT NULL,
  PRIMARY KEY (entity, record_id, id_hmac)
);
CREATE INDEX person_keys_id_hmac ON person_keys (id_hmac);
