import { describe, expect, it } from 'vitest';
import { createAccountKeys, openAtOnlineLogin, openWithPassword, wipePasswordMaterial } from './account-keys';
import { open, seal } from './seal';

const base = { userId: 'user-1', unlockSecret: 'server-secret-aaaaaaaaaaaaaaaaaaaa', password: 'correct horse', iterations: 1000 };

describe('account key material (src/security/README.md)', () => {
  it('opens with the right password and not with a wrong one', async () => {
    const { keys, material } = await createAccountKeys(base);
    const sealed = await seal(keys.dataKey, 'r1', { a: 1 });
    const again = await openWithPassword(material, base.userId, base.password);
    expect(again).not.toBeNull();
    expect(await open(again!.dataKey, 'r1', sealed)).toEqual({ a: 1 });
    expect(await openWithPassword(material, base.userId, 'wrong')).toBeNull();
  });

  it('keeps the keys non-extractable in memory', async () => {
    const { keys } = await createAccountKeys(base);
    expect(keys.dataKey.extractable).toBe(false);
    expect(keys.lookupKey.extractable).toBe(false);
  });

  it('needs the server secret: another user id or secret derives other keys', async () => {
    const { material } = await createAccountKeys(base);
    expect(await openWithPassword(material, 'user-2', base.password)).toBeNull();
    expect(await openAtOnlineLogin(material, { ...base, unlockSecret: 'another-secret-bbbbbbbbbbbbbbbbbbb', password: 'wrong' })).toBeNull();
  });

  it('after the wipe only an online login (the server secret) opens the same data key', async () => {
    const { keys, material } = await createAccountKeys(base);
    const sealed = await seal(keys.dataKey, 'r1', { unsynced: true });
    const wiped = wipePasswordMaterial(material);
    expect(wiped.passwordSlot).toBeNull();
    expect(wiped.pepperKey).toBeNull();
    expect(await openWithPassword(wiped, base.userId, base.password)).toBeNull();
    const online = await openAtOnlineLogin(wiped, base);
    expect(online?.recovered).toBe(true);
    expect(await open(online!.keys.dataKey, 'r1', sealed)).toEqual({ unsynced: true });
    // and offline unlock works again with the re-made password slot
    expect(await openWithPassword(online!.material, base.userId, base.password)).not.toBeNull();
  });

  it('a password changed on the server re-wraps the password slot at the next online login', async () => {
    const { keys, material } = await createAccountKeys(base);
    const sealed = await seal(keys.dataKey, 'r1', 'x');
    const online = await openAtOnlineLogin(material, { ...base, password: 'new password' });
    expect(online).not.toBeNull();
    expect(await open(online!.keys.dataKey, 'r1', sealed)).toBe('x');
    expect(await openWithPassword(online!.material, base.userId, 'new password')).not.toBeNull();
    expect(await openWithPassword(online!.material, base.userId, base.password)).toBeNull();
  });
});
