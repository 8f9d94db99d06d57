import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * Builds the bench-only page (index.html + bench-page.ts, bundling src/db/client.ts and the rest of
 * the data layer) into <outDir>, served under /__bench/ by the real server next to the app.
 * The app's own build (root vite.config.ts) is untouched.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/__bench/',
  logLevel: 'warn',
  build: { target: 'es2022', sourcemap: false, emptyOutDir: true, reportCompressedSize: false },
});
