import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const apiTarget = process.env.TIDEMARK_API ?? 'http://127.0.0.1:8080';

// The first-install claim (src/sw/claim-first-install.js), imported by the generated worker. Its name
// carries its content hash: the server caches files other than sw.js for an hour, and a changed import
// must reach the tablets with the release that changed it.
const claimSource = readFileSync(new URL('./src/sw/claim-first-install.js', import.meta.url), 'utf8');
const claimFile = `sw-claim-first-install-${createHash('sha256').update(claimSource).digest('hex').slice(0, 10)}.js`;

function emitClaimScript(): Plugin {
  return {
    name: 'tidemark-sw-claim-first-install',
    apply: 'build',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: claimFile, source: claimSource });
    },
  };
}

// The dashboard's charts (ECharts and zrender) in one named chunk, loaded only by the dashboard page.
const DASHBOARD_CHARTS_CHUNK = 'dashboard-charts';

// The app version the tablet reports in its sync-health report (SPEC H1); the server ships the same number.
const appVersion = (JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version;

export default defineConfig({
  define: { __TIDEMARK_VERSION__: JSON.stringify(appVersion) },
  plugins: [
    react(),
    emitClaimScript(),
    VitePWA({
      // Never reload under a worker's feet: the app shows an update prompt (PLATFORM-NOTES).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'icons/*.svg'],
      manifest: {
        name: 'Tidemark 民政助手',
        short_name: 'Tidemark',
        description: '乡镇民政离线工作台：入户调查、紧急转移安置与救灾款物发放',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b5394',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512-maskable.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,png,svg,ico,webmanifest}'],
        // Every script is precached, the dashboard's charts too, so every screen opens offline. (The storage-quota
        // e2e once failed when this list changed: its fixed 3 MiB quota left the save a few KB; it now sets its
        // quota from what the installed app uses, sync-faults.test.ts.)
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // Never skipWaiting by itself (the prompt sends it), and never workbox's clientsClaim, which would
        // claim on every activation: the imported script claims only on the first install (issue 13 item 1).
        skipWaiting: false,
        clientsClaim: false,
        importScripts: [claimFile],
      },
    }),
  ],
  server: { proxy: { '/api': apiTarget } },
  build: {
    outDir: 'dist',
    sourcemap: false,
    target: 'es2022',
    rollupOptions: {
      output: {
        // ECharts and its renderer in one named chunk, so the build output shows what the charts cost.
        manualChunks: (id) => (/\/node_modules\/(echarts|zrender)\//.test(id) ? DASHBOARD_CHARTS_CHUNK : undefined),
      },
    },
  },
});
