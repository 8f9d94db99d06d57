/**
 * jsdom has no canvas: a stand-in for signature_pad that "draws" when the test signs. Use it with
 * `vi.mock('signature_pad', () => import('…/test/helpers/fake-signature-pad'))`; `signaturePads` holds
 * every pad made, the last one is the one on screen.
 */
import { FAKE_PNG_DATA_URL } from './relief-fixtures';

export const signaturePads: FakeSignaturePad[] = [];

export default class FakeSignaturePad {
  private empty = true;
  private listeners = new Set<() => void>();
  constructor() {
    signaturePads.push(this);
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
  /** What the worker's finger does: the pad is no longer empty and tells its listeners. */
  sign() {
    this.empty = false;
    for (const l of this.listeners) l();
  }
}
