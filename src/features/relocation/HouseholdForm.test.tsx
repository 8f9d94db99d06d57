import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClientRig } from '../../../test/helpers/client-rig';
import { diskFullAddon } from '../../../test/helpers/disk-full';
import { TEST_SITE } from '../../../test/helpers/reference-fixtures';
import { loginAndSync, renderInSession, screenRig } from '../../../test/helpers/screen-rig';
import type { TidemarkSession } from '../../app/compose-session';
import { HouseholdFormPage } from './HouseholdFormPage';


// Made-up ID numbers from id-number.md (not real people).
const VALID_ID = '330106198503121231';

// The shelter of the last registration is remembered on the tablet (last-site.ts): each test starts without.
beforeEach(() => localStorage.clear());

async function openForm(opts: { id?: string; rig?: ClientRig; session?: TidemarkSession } = {}) {
  const onDone = vi.fn();
  const r = await renderInSession(<HouseholdFormPage id={opts.id} onDone={onDone} />, { rig: opts.rig, session: opts.session });
  await screen.findByLabelText('身份证号');
  // What the tablet holds: the real client's sealed records, decrypted (the fake client kept a list of inputs).
  const stored = () => r.session.households.list();
  return { ...r, onDone, stored };
}

async function fillValid(user: Awaited<ReturnType<typeof openForm>>['user'], idNumber = VALID_ID) {
  await user.type(screen.getByLabelText('身份证号'), idNumber);
  await user.type(screen.getByLabelText('户主姓名'), '张三');
  await user.type(screen.getByLabelText('联系电话'), '13800000000');
  await user.type(screen.getByLabelText('家庭人数'), '4');
  await user.type(screen.getByLabelText('原住村'), '河口村');
  await user.type(screen.getByLabelText('村民小组'), '三组');
  await user.click(screen.getByRole('radio', { name: '倒塌' }));
  await user.clear(screen.getByLabelText('受损间数'));
  await user.type(screen.getByLabelText('受损间数'), '3');
  await user.click(screen.getByRole('radio', { name: '集中安置' }));
  await user.selectOptions(screen.getByLabelText('安置点'), TEST_SITE.id);
}

describe('the ID number field', () => {
  const cases: [string, string][] = [
    ['12345', '长度应为18位'],
    ['3301061985031212A1', '前17位应为数字'],
    ['33010619850312123A', '末位应为数字或X'],
    ['520301200102294566', '出生日期不存在'],
    ['330106203001011231', '出生日期晚于今天'],
    // Issue 13 item 8: never "应为 1", which invites changing the last digit: re-read the whole number.
    ['330106198503121236', '号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。'],
    ['610104197707070058', '号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。'],
  ];
  it.each(cases)('%s shows "%s"', async (value, message) => {
    const { user } = await openForm();
    const input = screen.getByLabelText('身份证号');
    await user.type(input, value);
    await user.tab(); // blur: short values are checked on blur, 18 characters as soon as typed
    expect(await screen.findByText(message)).toBeTruthy();
    expect(input.getAttribute('aria-invalid')).toBe('true');
  });

  it('checks 18 characters as they are typed, before any blur', async () => {
    const { user } = await openForm();
    await user.type(screen.getByLabelText('身份证号'), '330106198503121236');
    expect(screen.getByText('号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。')).toBeTruthy();
    expect(screen.queryByText(/应为 1/)).toBeNull();
  });

  it('shows the derived sex and birth date of a valid number (lower-case x read as X)', async () => {
    const { user } = await openForm();
    await user.type(screen.getByLabelText('身份证号'), VALID_ID);
    expect(screen.getByText('男，1985-03-12 出生，39 岁')).toBeTruthy();
    await user.clear(screen.getByLabelText('身份证号'));
    await user.type(screen.getByLabelText('身份证号'), '42010619920115101x');
    expect(screen.getByText('男，1992-01-15 出生，32 岁')).toBeTruthy();
    await user.clear(screen.getByLabelText('身份证号'));
    await user.type(screen.getByLabelText('身份证号'), '610104197707070085');
    expect(screen.getByText('女，1977-07-07 出生，46 岁')).toBeTruthy();
  });

  it('warns, without blocking, when the number is already registered on this tablet', async () => {
    const rig = await screenRig();
    const s = await loginAndSync(rig);
    await s.households.save({
      id: 'existing-0001',
      eventId: 'event-0620-flood',
      head: { name: '李四', idNumber: VALID_ID },
      membersCount: 2,
      origin: { village: '河口村' },
      damage: { level: 'none', rooms: 0 },
      placement: 'dispersed',
      checkInAt: '2024-06-20T02:00:00.000Z',
    });
    const { user, stored } = await openForm({ rig, session: s });
    await fillValid(user);
    expect(await screen.findByText(/该身份证号已在本平板登记：李四（3301\*{10}1231，河口村）/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(async () => expect(await stored()).toHaveLength(2));
  });
});

describe('the household form', () => {
  it('refuses to save with a bad ID number and keeps every value typed', async () => {
    const { user, stored, onDone } = await openForm();
    await fillValid(user, '330106198503121236');
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('请更正标出的项目后再保存。')).toBeTruthy();
    expect(screen.getByText('号码未通过校验，可能有一位抄错。请对照身份证，逐位重新核对整个号码。')).toBeTruthy();
    expect(await stored()).toHaveLength(0);
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByLabelText('身份证号') as HTMLInputElement).value).toBe('330106198503121236');
    expect((screen.getByLabelText('户主姓名') as HTMLInputElement).value).toBe('张三');
    expect((screen.getByLabelText('家庭人数') as HTMLInputElement).value).toBe('4');
    expect((screen.getByLabelText('原住村') as HTMLInputElement).value).toBe('河口村');
    expect((screen.getByRole('radio', { name: '倒塌' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('安置点') as HTMLSelectElement).value).toBe(TEST_SITE.id);
  });

  it('names each missing field, and the shelter site as soon as centralised placement lacks one', async () => {
    const { user, stored } = await openForm();
    await user.click(screen.getByRole('radio', { name: '集中安置' }));
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('集中安置须选择安置点')).toBeTruthy();
    expect(screen.getAllByText('必填').length).toBeGreaterThanOrEqual(4); // ID, name, members, village, damage
    expect(await stored()).toHaveLength(0);
  });

  it('saves a valid household with its defaults (event, check-in now, device-made id) and says so', async () => {
    const { user, session, onDone } = await openForm();
    expect((screen.getByLabelText('灾害事件') as HTMLSelectElement).value).toBe('event-0620-flood');
    expect((screen.getByLabelText('入住时间') as HTMLInputElement).value).toBe('2024-06-21T10:00');
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(screen.getByText('已保存')).toBeTruthy();
    expect(await session.households.get('test-id-0001')).toMatchObject({
      id: 'test-id-0001',
      eventId: 'event-0620-flood',
      head: { name: '张三', idNumber: VALID_ID, phone: '13800000000' },
      membersCount: 4,
      origin: { village: '河口村', group: '三组' },
      damage: { level: 'collapsed', rooms: 3 },
      placement: 'centralised',
      shelterSiteId: TEST_SITE.id,
      checkInAt: '2024-06-21T02:00:00.000Z',
      householdType: 'ordinary',
    });
  });

  it('drops the shelter site of a dispersed household', async () => {
    const { user, session, onDone } = await openForm();
    await fillValid(user);
    await user.click(screen.getByRole('radio', { name: '分散安置' }));
    await user.selectOptions(screen.getByLabelText('分散安置去向'), 'relatives');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const saved = await session.households.get('test-id-0001');
    expect(saved).toMatchObject({ placement: 'dispersed', dispersedKind: 'relatives' });
    expect(saved).not.toHaveProperty('shelterSiteId');
  });

  it('on STORAGE_FULL says what to do and keeps the form, then saves on retry', async () => {
    // The tablet's disk is full: the real save's transaction fails with QuotaExceededError (the fake client threw STORAGE_FULL).
    let full = false;
    const rig = await screenRig({ deps: { db: { prefix: 'disk-full-form-', addons: [diskFullAddon('outbox', () => full, true)] } } });
    const { user, onDone, stored } = await openForm({ rig });
    await fillValid(user);
    full = true;
    await user.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText(/存储空间已满，记录未保存。请先点击“同步”上传记录，再删除已同步的照片/)).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
    expect((screen.getByLabelText('户主姓名') as HTMLInputElement).value).toBe('张三');
    expect((screen.getByLabelText('身份证号') as HTMLInputElement).value).toBe(VALID_ID);
    expect(await stored()).toHaveLength(0);
    full = false;
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(await stored()).toHaveLength(1);
  });

  it('[O5] tells the save a new household is new on its first save only: saved twice, the second is an edit', async () => {
    const { user, session, onDone } = await openForm();
    const save = vi.spyOn(session.households, 'save');
    await fillValid(user);
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    // The page stays (onDone does not navigate here): the worker changes a field and saves the same form again.
    const members = screen.getByLabelText('家庭人数');
    await user.clear(members);
    await user.type(members, '5');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(2));
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[0]![1]).toEqual({ newRecord: true });
    expect(save.mock.calls[1]![1]?.newRecord).toBeFalsy();
    // One household, rev 2, two changes: the second an edit of the first (its changed field only).
    const rec = (await session.db.records.get('test-id-0001'))!;
    expect(rec.rev).toBe(2);
    const changes = await session.db.outbox.where('id').equals('test-id-0001').sortBy('seq');
    expect(changes).toHaveLength(2);
    expect(changes[1]!.changed).toEqual(['membersCount']);
    expect((await session.households.get('test-id-0001'))!.membersCount).toBe(5);
    expect(await session.households.list()).toHaveLength(1);
  });

  it('opens an existing record, edits it and saves it again under the same id', async () => {
    const rig = await screenRig();
    const s = await loginAndSync(rig);
    await s.households.save({
      id: 'existing-0001',
      eventId: 'event-0620-flood',
      head: { name: '李四', idNumber: VALID_ID },
      membersCount: 2,
      origin: { village: '河口村' },
      damage: { level: 'severe', rooms: 2 },
      placement: 'centralised',
      shelterSiteId: TEST_SITE.id,
      checkInAt: '2024-06-20T02:00:00.000Z',
      needsEmergencySupport: true,
    });
    const { user, onDone, stored } = await openForm({ id: 'existing-0001', rig, session: s });
    expect(screen.getByRole('heading', { name: '编辑受灾户' })).toBeTruthy();
    expect((screen.getByLabelText('户主姓名') as HTMLInputElement).value).toBe('李四');
    expect((screen.getByLabelText('入住时间') as HTMLInputElement).value).toBe('2024-06-20T10:00');
    expect((screen.getByRole('radio', { name: '严重损坏' }) as HTMLInputElement).checked).toBe(true);
    const members = screen.getByLabelText('家庭人数');
    await user.clear(members);
    await user.type(members, '5');
    await user.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const saved = (await s.households.get('existing-0001'))!;
    expect(saved.membersCount).toBe(5);
    expect(saved.needsEmergencySupport).toBe(true); // fields the form does not show survive an edit
    expect(await stored()).toHaveLength(1);
  });

  it('is translated in English, schema messages included', async () => {
    const onDone = vi.fn();
    const { user } = await renderInSession(<HouseholdFormPage onDone={onDone} />, { lang: 'en' });
    const id = await screen.findByLabelText('ID number');
    await user.type(id, '330106198503121236');
    expect(screen.getByText('This number does not check: a digit may have been copied wrong. Read the whole number again from the ID card.')).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Centralised' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Choose a shelter site for centralised placement')).toBeTruthy();
    expect(screen.getByLabelText('Head of household name')).toBeTruthy();
  });
});
