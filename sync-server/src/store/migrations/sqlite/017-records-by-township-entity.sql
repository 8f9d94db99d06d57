-- Tidemark sync server, SQLite dialect, migration 17 (issue 14, fifteenth session): records by township and entity.
-- The records page of one entity for a county (listRecords with an entity: the administration's records page,
-- the exports, a township's policies after a push) read records_entity_seq in order, keeping the county's rows:
-- for a county of a few hundred households, most of an entity of 190,000 city-wide, per page. It now reads,
-- per township of the county (and the rows with none), the first page of that entity's serverSeqs after the
-- cursor from this index alone (record-queries.ts selectRecordList).
-- A record's write adds an entry at the end of its (township, entity) run (serverSeqs grow), and a rewrite
-- moves it there: few pages a commit.
CREATE INDEX records_township_entity_seq ON records (township, entity, server_seq);
