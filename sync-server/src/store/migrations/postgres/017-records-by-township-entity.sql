-- Tidemark sync server, PostgreSQL dialect, migration 17 (issue 14, fifteenth session): records by township and entity.
-- The records page of one entity for a county (listRecords with an entity: the administration's records page,
-- the exports, a township's policies after a push) read, as the planner chose with statistics, the serverSeq
-- index in order, keeping the county's rows of the entity: for a county of a few hundred households, most of
-- the table per page. It now reads, per township of the county (and the rows with none), the first page of
-- that entity's serverSeqs after the cursor from this index (record-queries.ts selectRecordList).
-- A record's write adds an entry at the end of its (township, entity) run (serverSeqs grow), and a rewrite
-- moves it there: few pages a commit.
CREATE INDEX records_township_entity_seq ON records (township, entity, server_seq);
