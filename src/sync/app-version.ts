/** Set by vite's `define` from package.json (vite.config.ts); absent in tests and unbuilt runs. */
declare const __TIDEMARK_VERSION__: string | undefined;

/** The app version this build carries, sent in the tablet's health report (SPEC H1). */
export const APP_VERSION: string = typeof __TIDEMARK_VERSION__ === 'string' ? __TIDEMARK_VERSION__ : 'dev';
