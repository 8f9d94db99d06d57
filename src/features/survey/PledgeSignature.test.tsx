import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { FAKE_PNG_DATA_URL } from '../../../test/helpers/relief-fixtures';
import { fakeCompress, formReady, inRealSession } from '../../../test/helpers/survey-screen';
import { SurveyFormPage } from './SurveyFormPage';

/** jsdom has no canvas: a stand-in signature pad that "draws" when the test signs (as the hand-out test does). */
const pads = vi.hoisted(() => [] as { sign(): void }[]);
vi.mock('signature_pad', () => ({
  default: class FakePad {
    private empty = true;
    private listeners = new Set<() => void>();
    constructor() {
      pads.push(this);
    }
    addEventListener(_type: string, l: () => void) {
      this.listeners.add(l);
    }
    removeEventListener(_type: string, l: () => void) {
      this.listeners.delete(l);
    }
    off() {}
    clear() {
      this.empty = true;
    }
    isEmpty() {
      return this.empty;
    }
    toDataURL() {
      return FAKE_PNG_DATA_URL;
    }
    sign() {
      this.empty = false;
      for (const l of this.listeners) l();
    }
  },
}));

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
    act(() => pads.at(-1)!.sign());
    await user.click(save);
    expect(await within(box).findByText('承诺书凭证：已手写签名')).toBeTruthy();
    await waitFor(async () => {
      const d = await session.surveys!.get('survey-pledge-sig');
      expect(d?.attachments).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'signature', size: 8, contentType: 'image/png' }]);
      expect(d?.pledge?.evidence).toBe(d?.attachments?.[0]?.sha256);
    });
  });
});
