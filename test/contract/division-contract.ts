/**
 * The division registry part of the store contract (issue 10), run for every Store implementation
 * from store-contract.ts: codes are keys, names unique among the active children of a parent,
 * divisions retired with a successor and never deleted, the audit log mapped and never rewritten.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { levelOfCode, parentCodeOf } from '../../src/shared/rules/areas/division-code';
import type { DivisionInsert } from '../../sync-server/src/store/division-store';
import { StoreConflictError, type Store } from '../../sync-server/src/store/store';
import type { StoreContractTarget } from './store-contract';
import type { TempStore } from '../helpers/server-harness';

const AT = '2026-06-20T08:00:00.000Z';
const div = (code: string, name: string, provisional = false): DivisionInsert => ({
  code, name, level: levelOfCode(code)!, parentCode: parentCodeOf(code), provisional, at: AT,
});
const BASE = [div('130000000000', '测试省'), div('130100000000', '测试市'), div('130101000000', '安平县'), div('130102000000', '东丰县')];

export function defineDivisionContract(target: StoreContractTarget): void {
  describe(`${target.kind} store contract: division registry`, () => {
    let temp: TempStore;
    let store: Store;
    beforeEach(async () => {
      temp = await target.create();
      store = temp.store;
      await store.addDivisions(BASE);
    });
    afterEach(() => temp.cleanup());

    it('stores divisions by code; one township name in two counties is two divisions', async () => {
      await store.addDivisions([div('130101001000', '清河镇'), div('130102001000', '清河镇')]);
      const all = await store.listDivisions();
      expect(all.map((d) => d.code)).toEqual(['130000000000', '130100000000', '130101000000', '130101001000', '130102000000', '130102001000']);
      expect(await store.getDivision('130102001000')).toEqual({
        code: '130102001000', name: '清河镇', level: 'township', parentCode: '130102000000', status: 'active', successorCode: null,
        provisional: false, createdAt: AT, updatedAt: AT,
      });
      expect(await store.getDivision('130103001000')).toBeNull();
    });

    it('refuses a taken code or a name taken in the same parent, inserting none of the batch', async () => {
      await store.addDivisions([div('130101001000', '清河镇')]);
      await expect(store.addDivisions([div('130101002000', '柳林乡'), div('130101003000', '清河镇')])).rejects.toBeInstanceOf(StoreConflictError);
      await expect(store.addDivisions([div('130101001000', '另一个名字')])).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.listDivisions()).map((d) => d.code)).not.toContain('130101002000');
      await store.addDivisions([div('130101002000', '柳林乡')]);
      await expect(store.renameDivision('130101002000', '清河镇', AT)).rejects.toBeInstanceOf(StoreConflictError);
      expect((await store.renameDivision('130101002000', '柳林镇', '2026-06-21T00:00:00.000Z'))?.name).toBe('柳林镇');
    });

    it('retires with a successor; the name is free again; a division is never deleted', async () => {
      await store.addDivisions([div('130101001000', '清河镇'), div('130101002000', '柳林乡')]);
      const retired = await store.retireDivision('130101001000', '130101002000', '2026-06-21T00:00:00.000Z');
      expect(retired).toMatchObject({ status: 'retired', successorCode: '130101002000', updatedAt: '2026-06-21T00:00:00.000Z' });
      await store.addDivisions([div('130101003000', '清河镇')]);
      await expect(target.rawExec(temp.location, "DELETE FROM divisions WHERE code = '130101001000'")).rejects.toThrow(/never deleted/);
      // Retired without a successor: the table refuses it.
      await expect(target.rawExec(temp.location, "UPDATE divisions SET status = 'retired' WHERE code = '130101003000'")).rejects.toThrow();
      expect(await store.getDivision('130101001000')).not.toBeNull();
    });

    it('resolves a queued audit row through audit_areas, never rewriting the audit log', async () => {
      await store.addDivisions([div('130101001000', '清河镇'), div('130102001000', '清河镇')]);
      await store.appendAudit({ at: AT, userId: null, deviceId: null, township: '清河镇', action: 'records.list' });
      const [row] = await store.listAudit({ limit: 1 });
      await target.rawExec(
        temp.location,
        `INSERT INTO area_queue (kind, audit_id, written_township, candidates, created_at) VALUES ('audit', ${row!.id}, '清河镇', '["130101001000","130102001000"]', '${AT}')`,
      );
      const [item] = await store.listAreaQueue({ open: true });
      expect(item).toMatchObject({ kind: 'audit', auditId: row!.id, writtenTownship: '清河镇', candidates: ['130101001000', '130102001000'], resolvedAt: null });
      expect(await store.listAudit({ townships: ['130102001000'], limit: 10 })).toEqual([]);
      expect(await store.transaction((tx) => tx.resolveAreaQueueItem(item!.id, '130102001000', 'admin-1', AT))).toBe(true);
      expect(await store.transaction((tx) => tx.resolveAreaQueueItem(item!.id, '130101001000', 'admin-1', AT))).toBe(false);
      expect((await store.listAudit({ townships: ['130102001000'], limit: 10 })).map((e) => e.id)).toEqual([row!.id]);
      expect(await store.listAreaQueue({ open: true })).toEqual([]);
      expect((await store.getAreaQueueItem(item!.id))?.resolvedCode).toBe('130102001000');
    });
  });
}
