import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminNavZhCN } from '../../src/i18n/admin.nav';
import { adminZhCN } from '../../src/i18n/admin.zh-CN';
import { areasZhCN } from '../../src/i18n/areas.zh-CN';
import { casePolicyZhCN } from '../../src/i18n/case-policy.zh-CN';
import { casesNavZhCN } from '../../src/i18n/cases.nav';
import { casesZhCN } from '../../src/i18n/cases.zh-CN';
import { countyCasesNavZhCN } from '../../src/i18n/county-cases.nav';
import { countyCasesZhCN } from '../../src/i18n/county-cases.zh-CN';
import { dashboardNavZhCN } from '../../src/i18n/dashboard.nav';
import { dashboardZhCN } from '../../src/i18n/dashboard.zh-CN';
import { handoverNavZhCN } from '../../src/i18n/handover.nav';
import { handoverZhCN } from '../../src/i18n/handover.zh-CN';
import { conflictsNavZhCN } from '../../src/i18n/conflicts.nav';
import { conflictsZhCN } from '../../src/i18n/conflicts.zh-CN';
import { referenceAdminNavZhCN } from '../../src/i18n/reference-admin.nav';
import { referenceAdminZhCN } from '../../src/i18n/reference-admin.zh-CN';
import { reliefZhCN } from '../../src/i18n/relief.zh-CN';
import { relocationNavZhCN } from '../../src/i18n/relocation.nav';
import { relocationZhCN } from '../../src/i18n/relocation.zh-CN';
import { surveyNavZhCN } from '../../src/i18n/survey.nav';
import { surveyZhCN } from '../../src/i18n/survey.zh-CN';
import { tabletHealthNavZhCN } from '../../src/i18n/tablet-health.nav';
import { tabletHealthZhCN } from '../../src/i18n/tablet-health.zh-CN';
import { workCalendarNavZhCN } from '../../src/i18n/work-calendar.nav';
import { workCalendarZhCN } from '../../src/i18n/work-calendar.zh-CN';
import { zhCN } from '../../src/i18n/zh-CN';

/**
 * Issue 13, done when: the README's "Using it" matches what a new worker sees. Every name it sets in bold
 * that is Chinese is a text of the screens (the zh-CN bundles), so a renamed button shows here; and every
 * link of the header and the main menu, and each banner a worker meets on an update, is named in it.
 */
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

function section(title: string): string {
  const start = README.indexOf(`## ${title}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

const SCREEN_TEXTS = strings([
  zhCN, adminNavZhCN, adminZhCN, areasZhCN, casePolicyZhCN, conflictsNavZhCN, conflictsZhCN, referenceAdminNavZhCN, referenceAdminZhCN,
  reliefZhCN, relocationNavZhCN, relocationZhCN, surveyNavZhCN, surveyZhCN, tabletHealthNavZhCN, tabletHealthZhCN, workCalendarZhCN,
  // Issues 15–17: the case screens (tablet and county), the dashboard, the hand-over screen.
  casesNavZhCN, casesZhCN, countyCasesNavZhCN, countyCasesZhCN, dashboardNavZhCN, dashboardZhCN, handoverNavZhCN, handoverZhCN, workCalendarNavZhCN,
]);
// An interpolation ({{count}}) stands for whatever the README writes there (N, …).
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (s: string) => new RegExp(`^${s.split(/\{\{\w+\}\}/).map(escape).join('.+')}$`);
const onScreen = (name: string) => SCREEN_TEXTS.some((s) => s.includes(name) || pattern(s).test(name));

describe('README "Using it" (issue 13)', () => {
  const text = section('Using it');
  const bold = [...text.matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!);

  it('names in bold only texts the screens show', () => {
    const chinese = bold.filter((b) => /[\u4e00-\u9fff]/.test(b)).flatMap((b) => b.split(' / ').map((s) => s.trim()));
    expect(chinese.length).toBeGreaterThan(20);
    expect(chinese.filter((name) => !onScreen(name))).toEqual([]);
  });

  it('names every header and menu link, and what an update shows', () => {
    const expected = [
      zhCN.household.listTitle, surveyNavZhCN.nav, ...Object.values(relocationNavZhCN.nav),
      adminNavZhCN.nav, referenceAdminNavZhCN.nav, tabletHealthNavZhCN.nav, workCalendarZhCN.nav, conflictsNavZhCN.nav,
      zhCN.app.syncNow, zhCN.app.lock, zhCN.app.logout,
      zhCN.update.available, zhCN.update.updateNow, zhCN.update.updatedElsewhere, zhCN.dbNotice.outdated, zhCN.dbNotice.blocked,
      reliefZhCN.correction.void, reliefZhCN.correction.correct,
    ];
    expect(expected.filter((name) => !bold.some((b) => b.split(' / ').map((s) => s.trim()).includes(name)))).toEqual([]);
  });

  it('has a paragraph on updating tablets', () => {
    expect(section('Using it')).toMatch(/### Updating tablets\n/);
  });
});
