import { readFileSync } from 'node:fs';

/**
 * Busy and total jiffies of the whole machine since boot (/proc/stat's first line; idle and iowait
 * count as not busy). Two readings give the machine's busy share in between, which tells a
 * CPU-bound result from a limit of the thing measured.
 */
export function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - (f[3] ?? 0) - (f[4] ?? 0), total };
}
