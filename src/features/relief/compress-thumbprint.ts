/** A thumbprint photo, compressed on the tablet. Injectable: jsdom has no canvas, so tests pass their own. */
export type CompressThumbprint = (file: File) => Promise<{ bytes: Uint8Array; contentType: 'image/jpeg' | 'image/png' | 'image/webp' }>;

const ACCEPTED = ['image/jpeg', 'image/png', 'image/webp'] as const;
type Accepted = (typeof ACCEPTED)[number];
const accepted = (t: string): t is Accepted => (ACCEPTED as readonly string[]).includes(t);

/**
 * browser-image-compression on the main thread (its worker mode fetches the library from a CDN, which a
 * tablet in a village cannot reach), loaded only when a photo is taken: about 300 KB, 1280 px, JPEG —
 * a thumbprint stays legible, and the upload over a weak link stays short.
 */
export const compressThumbprint: CompressThumbprint = async (file) => {
  const { default: imageCompression } = await import('browser-image-compression');
  const out = await imageCompression(file, { maxSizeMB: 0.3, maxWidthOrHeight: 1280, useWebWorker: false, initialQuality: 0.85, fileType: 'image/jpeg' });
  const smaller = out.size < file.size && accepted(out.type);
  const blob = smaller ? out : file;
  const type = smaller ? out.type : file.type;
  if (!accepted(type)) throw new TypeError(`unsupported type ${type}`);
  return { bytes: new Uint8Array(await blob.arrayBuffer()), contentType: type };
};
