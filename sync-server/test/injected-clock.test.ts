import { afterEach, describe, expect, it } from 'vitest';
import type { PushResponse } from '../../src/shared/protocol/messages';
import { idCheckChar } from '../../src/shared/rules/id-number';
import { startTestServer, testClock, type TestServer } from '../../test/helpers/server-harness';
import { createHousehold, newId } from './fixtures';

/** A valid ID number of someone born on `birthDate` (YYYY-MM-DD). */
function idBornOn(birthDate: string): string {
  const first17 = `330102${birthDate.replaceAll('-', '')}001`;
  return first17 + idCheckChar(first17);
}

/**
 * Checks that depend on "today" use the server's injected clock (issue 12): the shared schemas used to
 * call `new Date()` inside a zod refinement, so the server judged a birth date by the machine's clock.
 */
describe('dated checks on the server clock', () => {
  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  const pushHead = async (s: TestServer, birthDate: string) => {
    const wang = await s.session({ username: 'wang' });
    const res = await s.push(wang, [createHousehold(1, newId(), { head: { name: '李四', idNumber: idBornOn(birthDate) } })]);
    expect(res.statusCode).toBe(200);
    return (res.json() as PushResponse).results[0]!;
  };

  it('a birth date after the server clock’s today is refused, though the machine’s clock is past it', async () => {
    server = await startTestServer({ store: 'sqlite', clock: testClock('2026-06-20T08:00:00.000Z') });
    const r = await pushHead(server, '2026-09-01');
    expect(r).toMatchObject({ status: 'rejected', code: 'CHANGE_INVALID', issues: [{ path: 'head.idNumber', message: 'id.futureBirthDate' }] });
  });

  it('a birth date before the server clock’s today is accepted, though the machine’s clock has not reached it', async () => {
    server = await startTestServer({ store: 'sqlite', clock: testClock('2091-03-01T08:00:00.000Z') });
    expect(await pushHead(server, '2090-05-01')).toMatchObject({ status: 'applied', version: 1 });
  });

  it('"today" is the China date of the server clock: 20:00 UTC is already the next day', async () => {
    server = await startTestServer({ store: 'sqlite', clock: testClock('2026-06-20T20:00:00.000Z') });
    expect(await pushHead(server, '2026-06-21')).toMatchObject({ status: 'applied' });
  });
});
