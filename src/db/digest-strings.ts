import type { DigestedHousehold } from './household-list';

/**
 * What many households of the list digest (list-digest.ts) hold alike (their event, sites, village, sync
 * state), one string each: rows read from disk and a parsed copy (N11) give every household its own copy
 * of each (the restored digest held ~0.23 KB a household more than a cold build at 50,000:
 * tablet-issue18.md, eighteenth session). A few hundred distinct strings, no entry per household.
 */
export class SharedStrings {
  private strings = new Map<string, string>();

  private once<T extends string | null | undefined>(s: T): T {
    if (typeof s !== 'string') return s;
    const held = this.strings.get(s);
    if (held !== undefined) return held as T;
    this.strings.set(s, s);
    return s;
  }

  /**
   * `h` with its repeated strings shared (once) and its search strings that equal its name or village (the
   * same string as digestOf gives them; a parsed copy, two) taken from its row. The same values: answers
   * cannot tell the difference, only the heap can.
   */
  share(h: DigestedHousehold): DigestedHousehold {
    const it = h.item;
    it.eventId = this.once(it.eventId);
    it.village = this.once(it.village);
    it.shelterSiteId = this.once(it.shelterSiteId);
    it.currentSiteId = this.once(it.currentSiteId);
    it.syncState = this.once(it.syncState);
    for (let i = 0; i < h.hay.length; i++) {
      if (h.hay[i] === it.headName) h.hay[i] = it.headName;
      else if (h.hay[i] === it.village) h.hay[i] = it.village;
    }
    return h;
  }

  clear(): void {
    this.strings.clear();
  }
}
