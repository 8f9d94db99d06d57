import type { SessionUser } from '../shared/protocol/messages';
import { isDivisionCode } from '../shared/rules/areas/division-code';

/**
 * The account's user as this release reads it. Release 1 (commit 8c85876) stored the township and county
 * its server sent, which were NAMES; the row keeps its shape (Dexie version 1 in both releases), so a
 * tablet that updated holds names there until its next online login replaces `user`.
 *
 * A name is not an area: stamped on a change it would be refused as OUT_OF_AREA (SPEC A8: a township the
 * account never held), and compared with a record's township code it matches nothing. So a name moves to
 * `townshipName` / `countyName` (what the header shows) and the code is unknown (null) until the next
 * online login: changes then carry no township, and the server stores them under the account's current
 * one, as it does for an older tablet's (A8). Rows holding codes come back unchanged.
 */
export function withAreaCodes(user: SessionUser): SessionUser {
  const township = user.township !== null && !isDivisionCode(user.township);
  const county = user.county !== null && !isDivisionCode(user.county);
  if (!township && !county) return user;
  return {
    ...user,
    ...(township ? { township: null, townshipName: user.townshipName ?? user.township } : {}),
    ...(county ? { county: null, countyName: user.countyName ?? user.county } : {}),
  };
}
