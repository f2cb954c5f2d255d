/** Structured one-line logs on stderr; services take a Logger so tests can capture or silence them. */
export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export function createConsoleLogger(scope: string, sink: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const write = (level: string, message: string, meta?: Record<string, unknown>) => {
    const extra = meta && Object.keys(meta).length ? ` ${safeJson(meta)}` : '';
    sink(`${new Date().toISOString()} ${level} [${scope}] ${message}${extra}`);
  };
  return {
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '"<unserialisable>"';
  }
}
