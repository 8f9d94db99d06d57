import { ATTACHMENT_CONTENT_TYPES } from '../../shared/schema/survey-fields';

export interface CompressedPhoto {
  bytes: Uint8Array;
  contentType: (typeof ATTACHMENT_CONTENT_TYPES)[number];
  originalSize: number;
  compressed: boolean;
}

/** Compresses a photo on the tablet; injectable so component tests (jsdom has no canvas) pass their own. */
export type CompressPhoto = (file: File) => Promise<CompressedPhoto>;

const IMAGES = ['image/jpeg', 'image/png', 'image/webp'];

export function isAcceptedType(type: string): type is CompressedPhoto['contentType'] {
  return (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(type);
}

/** The bytes of a file (FileReader where Blob.arrayBuffer is missing, as in older WebViews and jsdom). */
export async function bytesOf(blob: Blob): Promise<Uint8Array> {
  if (typeof blob.arrayBuffer === 'function') return new Uint8Array(await blob.arrayBuffer());
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(blob);
  });
}

/**
 * browser-image-compression (no hand-written canvas code): at most 1600 px on the long side and about
 * 500 KB, as JPEG. On the main thread: its web-worker mode fetches the library from a CDN, which a
 * tablet offline in a village cannot reach. PDFs are kept as they are; a "compressed" result larger than
 * the original (a small PNG) is dropped for the original.
 */
export const compressPhoto: CompressPhoto = async (file) => {
  const originalSize = file.size;
  if (!isAcceptedType(file.type)) throw new TypeError(`unsupported type ${file.type}`);
  if (!IMAGES.includes(file.type)) return { bytes: await bytesOf(file), contentType: file.type, originalSize, compressed: false };
  const { default: imageCompression } = await import('browser-image-compression');
  const out = await imageCompression(file, { maxSizeMB: 0.5, maxWidthOrHeight: 1600, useWebWorker: false, initialQuality: 0.8, fileType: 'image/jpeg' });
  if (out.size >= originalSize || !isAcceptedType(out.type)) return { bytes: await bytesOf(file), contentType: file.type, originalSize, compressed: false };
  return { bytes: await bytesOf(out), contentType: out.type, originalSize, compressed: true };
};
