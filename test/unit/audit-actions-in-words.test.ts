import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adminEn } from '../../src/i18n/admin.en';
import { adminZhCN } from '../../src/i18n/admin.zh-CN';

const SERVER = fileURLToPath(new URL('../../sync-server/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [path] : [];
  });
}

/** Every audit action the server writes as a literal (`action: 'x.y'`). */
function serverActions(): string[] {
  const found = new Set<string>();
  for (const f of sourceFiles(SERVER)) for (const m of readFileSync(f, 'utf8').matchAll(/\baction:\s*'([a-zA-Z_.]+)'/g)) found.add(m[1]!);
  return [...found].sort();
}

/**
 * The administrator reads the audit log in words (issue 13 item 10): a feature that adds an audit action
 * adds its words in both languages, or the log shows a raw code (issues 15–17 added eleven without).
 */
describe('every audit action the server writes has words in both languages', () => {
  it('finds the actions it should (the scan is not empty)', () => {
    expect(serverActions()).toEqual(expect.arrayContaining(['access.denied', 'user.create', 'handover.imported', 'caseList.export']));
  });

  it.each([
    ['zh-CN', adminZhCN],
    ['en', adminEn],
  ] as const)('%s', (_lang, messages) => {
    const words = { ...messages.audit.actions, ...messages.auditMore.actions } as Record<string, string>;
    expect(serverActions().filter((a) => !words[a])).toEqual([]);
  });
});
