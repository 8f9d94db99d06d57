import SignaturePad from 'signature_pad';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';

export interface SignatureHandle {
  /** The drawn signature as PNG bytes, or null when nothing is drawn. */
  png(): Uint8Array | null;
  clear(): void;
}

/** A data: URL's bytes (signature_pad gives the PNG as one). */
function dataUrlBytes(url: string): Uint8Array {
  const base64 = url.slice(url.indexOf(',') + 1);
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The recipient signs on the screen (signature_pad). The canvas is sized for the screen's pixel ratio
 * once, when it mounts: resizing would clear a signature, so the box keeps its size.
 */
export const SignatureCapture = forwardRef<SignatureHandle, { label: string; onChange: (signed: boolean) => void }>(function SignatureCapture(
  { label, onChange },
  ref,
) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    const { width, height } = c.getBoundingClientRect();
    if (width > 0 && height > 0) {
      c.width = width * ratio;
      c.height = height * ratio;
      c.getContext('2d')?.scale(ratio, ratio);
    }
    // A white background: the PNG must read as a signature on paper when printed or viewed anywhere.
    const p = new SignaturePad(c, { backgroundColor: 'rgb(255,255,255)', penColor: 'rgb(0,0,0)' });
    p.clear();
    const end = () => changed.current(!p.isEmpty());
    p.addEventListener('endStroke', end);
    pad.current = p;
    return () => {
      p.removeEventListener('endStroke', end);
      p.off();
      pad.current = null;
    };
  }, []);

  useImperativeHandle(ref, () => ({
    png: () => (pad.current && !pad.current.isEmpty() ? dataUrlBytes(pad.current.toDataURL('image/png')) : null),
    clear: () => {
      pad.current?.clear();
      changed.current(false);
    },
  }));

  return <canvas ref={canvas} className="signature-canvas" role="img" aria-label={label} />;
});
