/** The query string of the county's case filters (empty values left out). */
export function casesQuery(filter: { township?: string | undefined; programme?: string | undefined; scope?: string | undefined }): string {
  const q = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => !!e[1])).toString();
  return q ? `?${q}` : '';
}
