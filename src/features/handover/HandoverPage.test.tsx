import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it, onTestFinished } from 'vitest';
import { clientRig } from '../../../test/helpers/client-rig';
import { household } from '../../../test/helpers/household-fixtures';
import { renderInSession } from '../../../test/helpers/screen-rig';
import { HandoverPage } from './HandoverPage';
import { readFileBytes } from './save-file';

/**
 * 文件交接 on the real client and server (issue 17): the worker's export says what the file holds and
 * how large it is; the supervisor's import says what was applied — or, for a file that is not one, why not.
 */
describe('the hand-over page', { timeout: 30_000 }, () => {
  it('[F5] a worker sees what an export holds, exports, and is told the counts and size; [F11] the supervisor sees the import counts', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'wang', password: 'pw-wang', displayName: '王芳' });
    await rig.server.addUser({ username: 'zhao', password: 'pw-zhao', role: 'supervisor', township: null });
    const session = await rig.client.loginOnline('wang', 'pw-wang');
    await session.households.save(household({ n: 1 }));
    await session.households.save(household({ n: 2 }));
    const created: Blob[] = [];
    const saved = { create: URL.createObjectURL, revoke: URL.revokeObjectURL, click: HTMLAnchorElement.prototype.click };
    onTestFinished(() => {
      Object.assign(URL, { createObjectURL: saved.create, revokeObjectURL: saved.revoke });
      HTMLAnchorElement.prototype.click = saved.click;
    });
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:handover';
    };
    URL.revokeObjectURL = () => undefined;
    const clicked: string[] = [];
    HTMLAnchorElement.prototype.click = function click(this: HTMLAnchorElement) {
      clicked.push(this.download);
    };
    const { user, unmount } = await renderInSession(<HandoverPage />, { rig, session });
    expect(await screen.findByText('待导出：2 户/份记录（2 条更改），0 张照片或签名。')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: '导出待上传数据' }));
    const done = await screen.findByText(/^已导出 2 条更改、0 张照片或签名，文件大小 [\d.]+ KB。文件名：tidemark-handover-.+\.tdmho$/);
    expect(done).toBeTruthy();
    expect(created).toHaveLength(1);
    expect(clicked).toEqual([done.textContent!.split('文件名：')[1]]);
    const bytes = await readFileBytes(created[0]!);
    unmount();

    const sup = await rig.anotherTablet().loginOnline('zhao', 'pw-zhao');
    const office = await renderInSession(<HandoverPage />, { rig, session: sup });
    await office.user.upload(screen.getByLabelText('选择交接文件'), new File([new Uint8Array(bytes)], 'f.tdmho'));
    await waitFor(() => expect(document.querySelector('[data-count="applied"]')?.textContent).toBe('2'));
    await office.user.upload(screen.getByLabelText('选择交接文件'), new File(['not a file at all'], 'x.txt'));
    expect((await screen.findByRole('alert')).textContent).toBe('未导入：这不是天码交接文件。');
  });

  it('[F5] in English, and with nothing queued there is nothing to export', async () => {
    const rig = await clientRig();
    await rig.server.addUser({ username: 'li', password: 'pw-li' });
    const session = await rig.client.loginOnline('li', 'pw-li');
    await renderInSession(<HandoverPage />, { rig, session, lang: 'en' });
    expect(await screen.findByText('Nothing is waiting to upload; there is nothing to export.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Export data waiting to upload' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByLabelText('Choose a colleague’s hand-over file')).toBeTruthy();
  });
});
