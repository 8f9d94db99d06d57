/**
 * The shelter of the worker's last registration on this tablet, so the next one at the same desk
 * starts with it chosen. A site id identifies nobody, so it may live in localStorage in clear.
 */
const key = (userId: string) => `tidemark.relocation.lastSite.${userId}`;

export function rememberedSiteId(userId: string): string | null {
  try {
    return localStorage.getItem(key(userId));
  } catch {
    return null; // storage blocked: no default, the worker chooses
  }
}

export function rememberSite(userId: string, siteId: string | undefined): void {
  try {
    if (siteId) localStorage.setItem(key(userId), siteId);
  } catch {
    // storage blocked: the default is a convenience only
  }
}
