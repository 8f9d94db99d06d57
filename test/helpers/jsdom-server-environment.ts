/**
 * jsdom, with modules transformed the way Node runs them (Vite's `ssr` environment) instead of the web
 * transform. Screen tests run the real sync server in process, and Vite's web transform rewrites
 * `new URL('./migrations/…', import.meta.url)` to an http://localhost URL (asset handling for the
 * browser), so the server would look for its migrations on a web address. The DOM is jsdom as before.
 */
import { builtinEnvironments, type Environment } from 'vitest/runtime';

const jsdom = builtinEnvironments.jsdom;

export default {
  ...jsdom,
  name: 'jsdom-server',
  viteEnvironment: 'ssr',
} satisfies Environment;
