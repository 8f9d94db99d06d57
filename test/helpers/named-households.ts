import { expect } from 'vitest';
import { HOUSEHOLD_PAGE } from '../../src/db/household-list';
import type { DbSession } from '../../src/db/session';
import { household, idNumberFor } from './household-fixtures';

/**
 * Households `from` … `from + n - 1` with the heads `head(i)` names (and a member named `member(i)`, when
 * given), each saved after `advance()`: the list's order is updatedAt, so a tick between saves orders
 * them, and no tick saves them at one instant. The name-index tests (SPEC N7, N8) search among them.
 * Returns their ids in the order saved.
 */
export async function seedHouseholds(s: DbSession, advance: () => void, from: number, n: number, head: (i: number) => string, member?: (i: number) => string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = from + i;
    advance();
    const m = member?.(i);
    const hh = household({
      n: k,
      head: { name: head(i), idNumber: idNumberFor(k) },
      membersCount: m ? 2 : 1,
      members: m ? [{ id: `member-${k}`, name: m, sex: 'female' as const, ageBand: '18-59' as const }] : [],
    });
    await s.households.save(hh);
    ids.push(hh.id);
  }
  return ids;
}

/** Every page of a search, asked with a growing limit as the list's "show more" does; each page before the last is full. */
export async function allPages(s: DbSession, text: string) {
  let limit = HOUSEHOLD_PAGE;
  for (;;) {
    const page = await s.households.search({ text }, limit);
    if (!page.more) return page.items;
    expect(page.items).toHaveLength(limit);
    limit += HOUSEHOLD_PAGE;
  }
}
