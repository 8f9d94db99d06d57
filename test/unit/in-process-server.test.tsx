import { expect, it } from 'vitest';
import { migrationFiles } from '../../sync-server/src/store/migration-files';
import { household } from '../helpers/household-fixtures';
import { loginAndSync, screenRig } from '../helpers/screen-rig';

// Screen tests run the real server inside jsdom (test/helpers/jsdom-server-environment.ts).

it('finds the server migrations on disk: the web transform did not rewrite new URL(…, import.meta.url) to an http address', () => {
  expect(window.location.protocol).toBe('http:'); // this is jsdom
  expect(migrationFiles('sqlite').length).toBeGreaterThan(0);
  expect(migrationFiles('postgres').length).toBeGreaterThan(0);
});

it('the real client saves, pushes and pulls against the real server in process, under jsdom', async () => {
  const rig = await screenRig();
  const s = await loginAndSync(rig);
  expect((await s.reference.list('site')).length).toBe(1);
  const hh = household();
  await s.households.save(hh);
  await s.sync.syncNow();
  expect(s.sync.state()).toMatchObject({ phase: 'synced', pending: 0 });
  expect((await rig.server.records()).map((r) => r.id)).toEqual([hh.id]);
});
