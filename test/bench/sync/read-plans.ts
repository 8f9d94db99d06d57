/**
 * EXPLAIN QUERY PLAN of the SQLite statements of the pull and of the report / county-list reads (issue 18,
 * fourteenth session), on a database built by the real migrations: `npx tsx test/bench/sync/read-plans.ts
 * file.sqlite` (e.g. a seed of pull-server-cost.ts, or `openSqliteStore({ file })` on an empty file: with no
 * sqlite_stat1 SQLite's plans do not depend on the rows; the counting tables get statistics after a backfill).
 */
import Database from 'better-sqlite3';
import * as rq from '../../../sync-server/src/store/queries/record-queries';
import * as bq from '../../../sync-server/src/store/queries/batch-queries';
import * as cf from '../../../sync-server/src/store/queries/case-file-queries';
import * as cq from '../../../sync-server/src/dashboard/counted-queries';
import * as crq from '../../../sync-server/src/dashboard/counted-relief-queries';
import { selectFiguresAt } from '../../../sync-server/src/dashboard/counted-figures';
import { sqliteQueries } from '../../../sync-server/src/store/queries/query-builder';
const file = process.argv[2]!;
const db = new Database(file, { readonly: true });
const q = sqliteQueries();
const c = cq.countedDb({ kind: 'sqlite', schemaName: null });
const T = ['t1', 't2'];
const AT = '2025-07-10T08:00:00.000Z';
const list: [string, { sql: string; parameters: readonly unknown[] }][] = [
  ['selectPull worker', rq.selectPull(q, { since: 5, limit: 1001, scope: { kind: 'townships', townships: ['t1'] } })],
  ['selectPull all', rq.selectPull(q, { since: 5, limit: 1001, scope: { kind: 'all' } })],
  ['selectRecordList entity, all townships (listAllRecords calendar)', rq.selectRecordList(q, { entity: 'calendar', townships: null, afterSeq: 0, limit: 1000 })],
  ['selectRecordList entity + townships', rq.selectRecordList(q, { entity: 'household', townships: T, afterSeq: 0, limit: 1000 })],
  ['selectRecordList townships + none', rq.selectRecordList(q, { townships: T, includeNoTownship: true, afterSeq: 0, limit: 1000 })],
  ['selectRecord', rq.selectRecord(q, 'household', 'x')],
  ['selectRecords (getRecords)', bq.selectRecords(q, 'survey', ['a', 'b', 'c'])],
  ['selectCaseSteps(case)', rq.selectCaseSteps(q, 'case-1')],
  ['case list: selectCases', cf.selectCases(q, T)],
  ['case list: selectCases all', cf.selectCases(q, null)],
  ['case list: selectCaseSteps', cf.selectCaseSteps(q, T)],
  ['report: selectLiveRecords', cq.selectLiveRecords(c, 'relief', T)],
  ['report: selectLiveRecords all', cq.selectLiveRecords(c, 'site', null)],
  ['report: selectUnreadable', cq.selectUnreadable(c, T)],
  ['report: selectUnreadableRelief', crq.selectUnreadableRelief(c, T)],
  ['report: selectUsedSites', cq.selectUsedSites(c, 'e1')],
  ['report: selectCountedTownships', cq.selectCountedTownships(c, 'e1')],
  ['report: selectFiguresAt', selectFiguresAt(c, 'e1', AT)],
  ['report: selectReliefAt', crq.selectReliefAt(c, 'e1', AT, T)],
  ['selectDayChanges', cq.selectDayChanges(c, 'e1', '2025-07-10', T)],
  ['selectFigureRecords', cq.selectFigureRecords(c, 'e1', AT, { townships: T, township: 't1', limit: 200 })],
  ['selectReliefRecords', crq.selectReliefRecords(c, 'e1', AT, T, { township: 't1', round: 'r1', limit: 200 })],
  ['selectNotReachedRecords', crq.selectNotReachedRecords(c, 'e1', AT, T, { township: 't1', limit: 200 })],
  ['selectAudit', rq.selectAudit(q, { townships: T, limit: 100 })],
];
console.log('stat1:', db.prepare("select name from sqlite_master where name like 'sqlite_stat%'").all());
for (const [name, cc] of list) {
  console.log(`\n## ${name}\n${cc.sql.slice(0, 400)}`);
  try {
    for (const r of db.prepare(`EXPLAIN QUERY PLAN ${cc.sql}`).all(...cc.parameters) as { detail: string }[]) console.log('   ', r.detail);
  } catch (e) {
    console.log('  ERR', (e as Error).message);
  }
}
