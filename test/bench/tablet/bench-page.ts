/**
 * The bench-only page entry (built by test/bench/tablet/vite.config.ts, never part of the app):
 * exposes the page API on window so the Node driver can call the app's data layer in real Chromium.
 */
import { createPageApi, type PageApi } from './page-api';
import { installIdbCounter } from '../../helpers/idb-counter';

declare global {
  interface Window {
    tidemarkBench: PageApi;
    tidemarkBenchReady: boolean;
  }
}

window.tidemarkBench = createPageApi({ baseUrl: '', counter: installIdbCounter() });
window.tidemarkBenchReady = true;
document.body.textContent = 'Tidemark benchmark page (test/bench/tablet): driven by npm run bench.';
