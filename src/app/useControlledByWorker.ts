import { useEffect, useState } from 'react';

/**
 * Whether a service worker serves this page. "已可离线使用" is true only then: an installed worker that
 * does not control the page leaves its lazy screens to the browser's HTTP cache (issue 13 item 1).
 */
export function useControlledByWorker(): boolean {
  const container = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
  const [controlled, setControlled] = useState(() => !!container?.controller);
  useEffect(() => {
    if (!container) return;
    const onChange = () => setControlled(!!container.controller);
    onChange();
    container.addEventListener('controllerchange', onChange);
    return () => container.removeEventListener('controllerchange', onChange);
  }, [container]);
  return controlled;
}
