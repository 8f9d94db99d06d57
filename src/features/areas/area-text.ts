import type { AreaDirectory } from './area-directory';

/** The plain text of an area for places that take a string (button labels, messages): 清河镇（130101001000）. */
export function areaText(directory: AreaDirectory | null, code: string): string {
  const a = directory?.label(code);
  return a?.known ? `${a.name}（${code}）` : code;
}
