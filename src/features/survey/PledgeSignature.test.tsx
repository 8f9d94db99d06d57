import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { fakeCompress, formReady, inRealSession } from '../../../test/helpers/survey-screen';
import { SurveyFormPage } from './SurveyFormPage';
import { signaturePads } from '../../../test/helpers/fake-signature-pad';

// jsdom has no canvas: a stand-in signature pad that "draws" when the test signs.
vi.mock('signature_pad', () => import('../../../test/helpers/fake-signature-pad'));

describe('the pledge signed on the screen (issue 13 item 5)', { timeout: 60_000 }, () => {
  it('a drawn signature is the pledge’s evidence, stored like a photo', async () => {
    const { user, session } = await inRealSession(() => <SurveyFormPage id="survey-pledge-sig" onCompleted={vi.fn()} compress={fakeCompress} />);
    await formReady();
    await user.click(within(screen.getByRole('navigation', { name: '调查步骤' })).getByRole('button', { name: '8 照片' }));
    const box = screen.getByRole('group', { name: '承诺书：手写签名（可代替照片）' });
    await user.click(within(box).getByRole('button', { name: '请申请人手写签名' }));
    expect(within(box).getByRole('img', { name: '申请人签名区' })).toBeTruthy();
    const save = within(box).getByRole('button', { name: '保存签名' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // nothing drawn yet
    act(() => signaturePads.at(-1)!.sign());
    await user.click(save);
    expect(await within(box).findByText('承诺书凭证：已手写签名')).toBeTruthy();
    await waitFor(async () => {
      const d = await session.surveys!.get('survey-pledge-sig');
      expect(d?.attachments).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'signature', size: 8, contentType: 'image/png' }]);
      expect(d?.pledge?.evidence).toBe(d?.attachments?.[0]?.sha256);
    });
  });
});
