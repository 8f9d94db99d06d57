import { describe, expect, it } from 'vitest';
import { fromUtf8 } from './bytes';
import { importKeyBundle, newKeyBundle } from './key-bundle';
import { canonicalIdNumber, lookupHash } from './lookup-hash';
import { open, seal } from './seal';
import { idNumberFor } from '../../test/helpers/household-fixtures';

async function keys() {
  return importKeyBundle(newKeyBundle());
}

const record = { id: 'hh-00000001', head: { name: '王秀英', idNumber: idNumberFor(1) }, notes: '高血压，需每日服药' };

describe('seal / open (encryption at rest, privacy.md §2)', () => {
  it('round-trips a record', async () => {
    const { dataKey } = await keys();
    expect(await open(dataKey, record.id, await seal(dataKey, record.id, record))).toEqual(record);
  });

  it('uses a fresh 12-byte IV for every write of the same value', async () => {
    const { dataKey } = await keys();
    const a = await seal(dataKey, record.id, record);
    const b = await seal(dataKey, record.id, record);
    expect(a.iv).toHaveLength(12);
    expect(Buffer.from(a.iv).equals(Buffer.from(b.iv))).toBe(false);
    expect(Buffer.from(a.ct).equals(Buffer.from(b.ct))).toBe(false);
  });

  it('fails with another key', async () => {
    const k1 = await keys();
    const k2 = await keys();
    await expect(open(k2.dataKey, record.id, await seal(k1.dataKey, record.id, record))).rejects.toThrow();
  });

  it('binds the record id: a ciphertext moved to another record fails to open', async () => {
    const { dataKey } = await keys();
    const sealed = await seal(dataKey, record.id, record);
    await expect(open(dataKey, 'hh-00000002', sealed)).rejects.toThrow();
  });

  it('fails on a flipped ciphertext bit', async () => {
    const { dataKey } = await keys();
    const sealed = await seal(dataKey, record.id, record);
    sealed.ct[3]! ^= 1;
    await expect(open(dataKey, record.id, sealed)).rejects.toThrow();
  });

  it('leaves neither the name nor the ID number readable in the ciphertext', async () => {
    const { dataKey } = await keys();
    const sealed = await seal(dataKey, record.id, record);
    const asText = fromUtf8(sealed.ct) + Buffer.from(sealed.ct).toString('latin1') + Buffer.from(sealed.ct).toString('base64');
    for (const secret of ['王秀英', record.head.idNumber, record.head.idNumber.slice(0, 10), '高血压']) expect(asText).not.toContain(secret);
  });
});

describe('lookupHash (privacy.md §4)', () => {
  it('is stable per key, differs across keys, and never equals the plain SHA-256', async () => {
    const a = await keys();
    const b = await keys();
    const id = idNumberFor(7);
    expect(await lookupHash(a.lookupKey, id)).toBe(await lookupHash(a.lookupKey, ` ${id.toLowerCase()} `));
    expect(await lookupHash(a.lookupKey, id)).not.toBe(await lookupHash(b.lookupKey, id));
    const plain = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id))).toString('base64url');
    expect(await lookupHash(a.lookupKey, id)).not.toBe(plain);
  });

  it('finds a 15-digit old-format number and its 18-digit form alike', async () => {
    const { lookupKey } = await keys();
    const id18 = canonicalIdNumber('330102800101001'); // 1989 format: no century, no check character
    expect(id18).toMatch(/^33010219800101001[\dX]$/);
    expect(await lookupHash(lookupKey, '330102800101001')).toBe(await lookupHash(lookupKey, id18));
  });
});
