/** Small byte helpers shared by the crypto code. No `instanceof Uint8Array`: jsdom and Node have different realms. */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(s: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(encoder.encode(s));
}

export function fromUtf8(b: ArrayBuffer | Uint8Array): string {
  return decoder.decode(b);
}

/** Byte length of a string as UTF-8, without allocating it (batch sizing). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** A view on any buffer or view, from any realm (no instanceof). */
function view(b: ArrayBuffer | ArrayBufferView): Uint8Array {
  return ArrayBuffer.isView(b) ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);
}

export function toBase64Url(bytes: ArrayBuffer | Uint8Array): string {
  const b = view(bytes);
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const b = view(bytes);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** Copies into a fresh ArrayBuffer-backed array (what WebCrypto's types want). */
export function asBytes(b: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  return new Uint8Array(view(b));
}

/** Same length and bytes (not constant-time: for stored ciphertexts, never for secrets). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Best effort: overwrite key bytes once they are imported (JS gives no stronger guarantee). */
export function wipe(b: Uint8Array): void {
  b.fill(0);
}
