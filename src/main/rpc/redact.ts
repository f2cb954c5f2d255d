/** Replaces the named top-level fields so secrets and bulky payloads never reach the audit log. */
export function redactArgs(args: unknown, fields: readonly string[] | undefined): unknown {
  if (!fields?.length || args === null || typeof args !== 'object' || Array.isArray(args)) return args ?? null;
  const copy: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const field of fields) if (field in copy) copy[field] = '***';
  return copy;
}
