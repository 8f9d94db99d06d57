import { describe, expect, it } from 'vitest';
import { ENTITY_DEFINITIONS } from './registry';
import { unknownFieldIssues } from './unknown-fields';

const relief = {
  id: 'relief-0001', eventId: 'event-0620-flood', householdId: 'hh-qh-0001', at: '2026-06-21T10:00:00+08:00', issuingOfficer: '王干事',
  round: 1, item: { category: 'goods', kind: 'quilt' }, quantity: 2, unit: '床', cashValue: 100, payment: 'in-kind',
  recipient: { confirmation: 'thumbprint', attachmentSha256: 'a'.repeat(64) },
};
const schema = ENTITY_DEFINITIONS.relief!.schema;

describe('unknownFieldIssues (SPEC P10)', () => {
  it('[P10] names every key the form does not have, at any depth, and every server-owned key', () => {
    expect(unknownFieldIssues(schema, relief)).toEqual([]);
    expect(
      unknownFieldIssues(schema, {
        ...relief, junk: 1, township: '柳林乡', item: { category: 'goods', kind: 'quilt', colour: 'red' },
        recipient: { ...relief.recipient, proxy: { name: '李四', relation: '儿子', note: '<b>' } },
      }),
    ).toEqual([
      { path: 'item.colour', message: 'field.unknown' },
      { path: 'recipient.proxy.note', message: 'field.unknown' },
      { path: 'junk', message: 'field.unknown' },
      { path: 'township', message: 'field.serverOwned' },
    ]);
    // A field of the other kind of item is unknown to this one (cash has no description).
    expect(unknownFieldIssues(schema, { item: { category: 'cash', kind: 'condolence', description: 'x' } })).toEqual([{ path: 'item.description', message: 'field.unknown' }]);
  });

  it('[P10] a key dropped inside a list is named with its index, after the keys before it, and nothing else is', () => {
    const hh = ENTITY_DEFINITIONS.household!.schema;
    const member = (n: number, extra: Record<string, unknown> = {}) => ({ id: `member-000${n}`, name: '王芳', sex: 'female', ageBand: '18-59', ...extra });
    const issues = unknownFieldIssues(hh, { members: [member(0), member(1, { secretNote: 'x', more: 1 }), member(2), member(3, { z: 2 })] });
    expect(issues).toEqual([
      { path: 'members.1.secretNote', message: 'field.unknown' },
      { path: 'members.1.more', message: 'field.unknown' },
      { path: 'members.3.z', message: 'field.unknown' },
    ]);
  });

  it('[P10] a clear (null) of a key the form does not have is not refused: a tablet sends it when its pulled copy held one', () => {
    expect(unknownFieldIssues(schema, { junk: null, serverAssessment: null })).toEqual([]);
  });

  it('[P10] what the tablet saves (the schema’s parsed value) never holds a key the check refuses', () => {
    for (const [entity, def] of Object.entries(ENTITY_DEFINITIONS)) {
      expect('shape' in def.schema, entity).toBe(true);
    }
    const parsed = schema.parse({ ...relief, junk: 1, item: { ...relief.item, colour: 'red' } }) as Record<string, unknown>;
    expect(unknownFieldIssues(schema, parsed)).toEqual([]);
  });
});
