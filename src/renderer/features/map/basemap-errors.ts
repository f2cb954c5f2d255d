import type { MapStringKey } from './strings';

const reasons = [
  'bad-path',
  'not-found',
  'unreadable',
  'not-a-file',
  'empty',
  'too-large',
  'unknown-format',
  'truncated',
  'unsupported-version',
  'not-vector',
  'unsupported-compression',
  'bad-schema',
  'corrupt',
] as const;

type Reason = (typeof reasons)[number];

/** The operator's sentence for why a basemap file was refused, from `details.reason`; null when there is none. */
export function basemapRefusalKey(err: unknown): MapStringKey | null {
  const reason = ((err as { details?: { reason?: unknown } } | null)?.details ?? {}).reason;
  return typeof reason === 'string' && (reasons as readonly string[]).includes(reason) ? (`map.basemap.error.${reason as Reason}` as const) : null;
}
