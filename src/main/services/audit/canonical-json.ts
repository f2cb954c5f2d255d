/**
 * JSON with object keys sorted at every level, so the same value always gives the same
 * text — and hence the same hash — whatever order its keys were built in.
 */
export function canonicalJson(value: unknown): string {
  const json = toJsonValue(value);
  return JSON.stringify(sortKeys(json === undefined ? null : json));
}

/**
 * Reduces anything to what JSON can carry, the way JSON.stringify would (toJSON, dropped
 * undefined and functions), except that bigints become decimal strings instead of throwing
 * and cycles become "[circular]" so one odd argument cannot make an audit write fail.
 */
export function toJsonValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return toJsonValue(withJson.toJSON(), seen);
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => toJsonValue(item, seen) ?? null);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const json = toJsonValue(item, seen);
      if (json !== undefined) out[key] = json;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
