import { createHash } from 'node:crypto';

/** SHA-256 of a UTF-8 text as lowercase hex (the server's side of shared's `Sha256Hex`). */
export async function sha256Hex(text: string): Promise<string> {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
