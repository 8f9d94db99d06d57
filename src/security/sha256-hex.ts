import { toHex } from './bytes';

/** SHA-256 of a UTF-8 text as lowercase hex, through WebCrypto (the tablet's side of shared's `Sha256Hex`). */
export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))));
}
