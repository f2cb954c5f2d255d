export interface ImportIssue {
  path: string;
  message: string;
}

export interface ImportFailure {
  /** The host's one-line summary. */
  summary: string;
  issues: ImportIssue[];
  /** Issues found beyond those listed. */
  more: number;
}

/**
 * Reads the error list an import refusal carries in `details.errors` (path + message each),
 * trusting nothing about its shape: whatever is malformed is dropped, the summary always stays.
 */
export function importFailure(err: unknown, maxListed = 20): ImportFailure {
  const summary = err instanceof Error ? err.message : String(err);
  const details = (err as { details?: unknown } | null)?.details as { errors?: unknown; errorCount?: unknown } | undefined;
  const raw = Array.isArray(details?.errors) ? details.errors : [];
  const issues = raw
    .filter((e): e is ImportIssue => typeof e === 'object' && e !== null && typeof (e as ImportIssue).message === 'string')
    .map((e) => ({ path: typeof e.path === 'string' ? e.path.slice(0, 200) : '', message: e.message.slice(0, 500) }))
    .slice(0, maxListed);
  const total = typeof details?.errorCount === 'number' && details.errorCount >= raw.length ? details.errorCount : raw.length;
  return { summary, issues, more: Math.max(0, total - issues.length) };
}

/** The layer's name from its file name: without the folder and the extension, never empty. */
export function layerNameFromFile(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.(geo)?json$/i, '').trim();
  return (name || base || 'GeoJSON').slice(0, 120);
}
