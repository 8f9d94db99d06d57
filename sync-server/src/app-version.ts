import { readFileSync } from 'node:fs';

/**
 * The app version this server ships (package.json, the same number vite builds into the PWA as
 * __TIDEMARK_VERSION__): a tablet reporting a lower one runs an old app (SPEC H5).
 */
export function shippedAppVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
