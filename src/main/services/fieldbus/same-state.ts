/**
 * Whether two parsed telemetry `data` objects agree on every key but the skipped ones (a
 * type's ticks). Values are JSON as parsed and checked on receipt (plain objects, arrays,
 * strings, finite numbers, booleans, null; never undefined), so equality is structural and key
 * order does not matter, as it does not to JSON. It runs for every stored record, hence no
 * serialising and no per-key own-property test: a key missing from `b` reads as undefined (or,
 * for a name of Object.prototype, as something no JSON value equals), and the key counts of
 * both sides must match.
 */
export function sameState(a: Record<string, unknown>, b: Record<string, unknown>, skip: ReadonlySet<string> | undefined): boolean {
  let count = 0;
  for (const key in a) {
    if (skip !== undefined && skip.has(key)) continue;
    count++;
    const other = b[key];
    if (other === undefined || !jsonEqual(a[key], other)) return false;
  }
  for (const key in b) if (skip === undefined || !skip.has(key)) count--;
  return count === 0;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameState(a as Record<string, unknown>, b as Record<string, unknown>, undefined);
}
