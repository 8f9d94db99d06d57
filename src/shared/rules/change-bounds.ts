/**
 * SPEC P8: bounds on the shape of one change, checked before any merge or validation work. A value
 * nested thousands of levels deep once made the server's own recursion (JSON.stringify when storing)
 * overflow the stack, failing the whole batch on every retry; now such a change is rejected on its own.
 * Real records are a few levels deep with a few hundred keys at most, so the bounds are generous.
 */
export const MAX_CHANGE_DEPTH = 16;
/** Object keys plus array items, counted over the whole change. */
export const MAX_CHANGE_KEYS = 5000;

export type ChangeShapeProblem = { kind: 'depth'; limit: number } | { kind: 'keys'; limit: number };

/**
 * Measures a parsed JSON value without recursion (so the measuring itself cannot overflow) and stops
 * at the first bound passed. The value itself is depth 1 when it is an object or an array.
 */
export function checkChangeShape(value: unknown, maxDepth = MAX_CHANGE_DEPTH, maxKeys = MAX_CHANGE_KEYS): ChangeShapeProblem | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 1 }];
  let keys = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > maxDepth) return { kind: 'depth', limit: maxDepth };
    const children = Array.isArray(v) ? v : Object.values(v);
    keys += children.length;
    if (keys > maxKeys) return { kind: 'keys', limit: maxKeys };
    for (const c of children) if (typeof c === 'object' && c !== null) stack.push({ v: c, depth: depth + 1 });
  }
  return null;
}
