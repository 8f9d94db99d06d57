import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// `npm test` builds before it runs the suites, so dist/ is this commit's build.
const DIST = resolve(import.meta.dirname, '../../dist');
/** The dashboard's chart library chunk (vite.config.ts DASHBOARD_CHARTS_CHUNK): the only script not precached. */
const ONLINE_ONLY = /^dashboard-charts-[\w-]+\.js$/;
/** A name only ECharts' code holds (its instance key prefix): where it is, ECharts is. */
const ECHARTS_MARK = '__ec_';

describe('the built PWA', () => {
  it('has a service worker and a web manifest with installable icons', () => {
    expect(existsSync(join(DIST, 'sw.js'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.webmanifest'), 'utf8'));
    expect(manifest.display).toBe('standalone');
    expect(manifest.start_url).toBe('/');
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toContain('192x192');
    expect(sizes).toContain('512x512');
    for (const icon of manifest.icons) expect(existsSync(join(DIST, icon.src))).toBe(true);
    expect(readFileSync(join(DIST, 'index.html'), 'utf8')).toContain('manifest.webmanifest');
  });

  it('precaches the whole app shell: index.html, every stylesheet, and every script but the online-only dashboard charts (issue 16)', () => {
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    expect(sw).toMatch(/precacheAndRoute/);
    expect(sw).toContain('"index.html"');
    const assets = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
    // The one chunk left out: ECharts, loaded only by the county's dashboard page, online (vite.config.ts).
    const charts = assets.filter((a) => ONLINE_ONLY.test(a));
    expect(charts, 'exactly one dashboard charts chunk').toHaveLength(1);
    expect(readFileSync(join(DIST, 'assets', charts[0]!), 'utf8'), 'it holds ECharts').toContain(ECHARTS_MARK);
    expect(sw, `${charts[0]} is not precached`).not.toContain(charts[0]);
    const rest = assets.filter((a) => !ONLINE_ONLY.test(a));
    expect(rest.length).toBeGreaterThan(0);
    for (const a of rest) expect(sw, `${a} is precached`).toContain(`assets/${a}`);
    // No script but that chunk pulls ECharts in, so nothing a tablet precaches needs the network to run.
    for (const a of rest.filter((f) => f.endsWith('.js'))) expect(readFileSync(join(DIST, 'assets', a), 'utf8'), `${a} holds no ECharts`).not.toContain(ECHARTS_MARK);
    // Navigations fall back to the cached shell, except the API.
    expect(sw).toMatch(/NavigationRoute/);
  });

  it('claims pages on the first install only, and never skips waiting by itself (issue 13 item 1)', () => {
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    const imported = /importScripts\("(sw-claim-first-install-[0-9a-f]+\.js)"\)/.exec(sw);
    expect(imported, 'sw.js imports the first-install claim').not.toBeNull();
    const claim = readFileSync(join(DIST, imported![1]!), 'utf8');
    expect(claim).toMatch(/controlled\.length === 0 \? self\.clients\.claim\(\)/);
    // skipWaiting only on the prompt's SKIP_WAITING message (立即更新).
    expect(sw.match(/skipWaiting\(\)/g)).toHaveLength(1);
    expect(sw).toMatch(/"SKIP_WAITING"===\w+\.data\.type&&self\.skipWaiting\(\)/);
    expect(sw).not.toMatch(/clientsClaim\(\)/);
  });

  it('leaves the session code (database session, sync engine, zod schemas) out of the initial scripts, precached for login (issue 18)', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"|<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => (m[1] ?? m[2])!);
    expect(initial.length).toBeGreaterThan(0);
    for (const f of initial) {
      expect(f, 'the session chunk loads at login, not at start-up').not.toMatch(/compose-session/);
      expect(readFileSync(join(DIST, f), 'utf8'), `${f} holds no zod`).not.toContain('ZodError');
    }
    // The chunks that hold them exist and the service worker precaches them: an offline unlock loads them.
    const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
    const assets = readdirSync(join(DIST, 'assets'));
    const session = assets.filter((a) => /^compose-session-.*\.js$/.test(a));
    const zod = assets.filter((a) => a.endsWith('.js') && readFileSync(join(DIST, 'assets', a), 'utf8').includes('ZodError'));
    expect(session).toHaveLength(1);
    expect(zod.length).toBeGreaterThan(0);
    for (const a of [...session, ...zod]) expect(sw, `${a} is precached`).toContain(`assets/${a}`);
  });
});
