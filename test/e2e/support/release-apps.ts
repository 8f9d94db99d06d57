import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The previous release's built app (test/fixtures/release-1-app/README.md). */
export const RELEASE_1_APP = join(ROOT, 'test/fixtures/release-1-app/built');
/** This release's build (`npx vite build`). */
export const CURRENT_APP = join(ROOT, 'dist');

/**
 * The folder the server serves (its STATIC_DIR). A deployment replaces the built app in place, on the
 * same origin, so the browser finds a changed sw.js at the same URL and installs it as an update.
 */
export function staticRoot(): { dir: string; publish(app: string): void; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tidemark-static-'));
  return {
    dir,
    publish(app: string) {
      for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
      cpSync(app, dir, { recursive: true });
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The service worker's script as the browser holds it: which release is installed, and in which state. */
export async function serviceWorkers(page: Page): Promise<{ active: string | null; waiting: string | null; controller: string | null }> {
  return page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    return { active: reg?.active?.scriptURL ?? null, waiting: reg?.waiting?.state ?? null, controller: navigator.serviceWorker.controller?.state ?? null };
  });
}

/**
 * Which release the page runs: the precached entry script named in index.html. Tells the fixture's
 * build from this one without relying on any text either release shows.
 */
export async function runningEntry(page: Page): Promise<string> {
  return page.evaluate(() => (document.querySelector('script[type="module"][src*="/assets/index-"]') as HTMLScriptElement | null)?.src.split('/').pop() ?? '');
}

export function entryOf(app: string): string {
  const html = readFileSync(join(app, 'index.html'), 'utf8');
  const m = /\/assets\/(index-[\w-]+\.js)/.exec(html);
  if (!m) throw new Error(`no entry script in ${app}/index.html`);
  return m[1]!;
}

/** What the server stored for each change it applied, from its SQLite file (applied_changes, SPEC P2/P8). */
export interface AppliedRow {
  clientId: string;
  seq: number;
  userId: string | null;
  contentHash: string | null;
  id: string;
  status: string;
}

export function appliedChanges(dataDir: string): AppliedRow[] {
  const db = new Database(join(dataDir, 'tidemark.sqlite'), { readonly: true });
  try {
    const rows = db.prepare('SELECT client_id, seq, user_id, content_hash, result FROM applied_changes ORDER BY client_id, seq').all() as {
      client_id: string; seq: number; user_id: string | null; content_hash: string | null; result: string;
    }[];
    return rows.map((r) => {
      const result = JSON.parse(r.result) as { id: string; status: string };
      return { clientId: r.client_id, seq: r.seq, userId: r.user_id, contentHash: r.content_hash, id: result.id, status: result.status };
    });
  } finally {
    db.close();
  }
}
