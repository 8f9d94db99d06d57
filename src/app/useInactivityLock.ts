import { useEffect, useRef } from 'react';

export const DEFAULT_LOCK_MINUTES = 10;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'scroll'] as const;

/**
 * Calls `onIdle` after `minutes` without a touch, key or scroll (privacy.md §2: an unattended tablet
 * must not show records). A timer checks every 15 s against the last activity, so a tablet that slept
 * past the deadline locks as soon as it wakes.
 */
export function useInactivityLock(onIdle: () => void, minutes: number = DEFAULT_LOCK_MINUTES, now: () => Date = () => new Date()) {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    if (!(minutes > 0)) return;
    const limit = minutes * 60_000;
    let last = now().getTime();
    const touch = () => {
      last = now().getTime();
    };
    const check = () => {
      if (now().getTime() - last >= limit) onIdleRef.current();
    };
    for (const e of ACTIVITY_EVENTS) window.addEventListener(e, touch, { passive: true, capture: true });
    const timer = setInterval(check, Math.min(15_000, limit));
    document.addEventListener('visibilitychange', check);
    return () => {
      for (const e of ACTIVITY_EVENTS) window.removeEventListener(e, touch, { capture: true });
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [minutes, now]);
}
