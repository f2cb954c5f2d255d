import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createConsoleCore } from './core';
import { createConsoleLogger } from './services/log/logger';
import { FileKeyProvider } from './services/secrets/file-key-provider';
import { WebHost } from './services/web-host/web-host';

/**
 * The headless host: the same core as the Electron shell, serving the built renderer and the
 * contract on 127.0.0.1. Built to out/main/headless.js; `npm run serve` starts it.
 */
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../..');

function defaultDataDir(): string {
  if (process.env.IOC_DATA_DIR) return resolve(process.env.IOC_DATA_DIR);
  const base = process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'ioc-console');
}

const usage = `usage: node out/main/headless.js [--port N] [--data-dir DIR] [--json] [--exit-with-stdin]
  --port N           TCP port on 127.0.0.1 (default 0: any free port)
  --data-dir DIR     where the database, keys and imported layers live (default $IOC_DATA_DIR or ~/.local/share/ioc-console)
  --json             print the launch URL as one JSON line (for scripts and tests)
  --exit-with-stdin  stop cleanly when stdin closes: a parent that dies, even by SIGKILL, takes the
                     host (and the simulators and ffmpeg it started) with it`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        'data-dir': { type: 'string' },
        json: { type: 'boolean', default: false },
        'exit-with-stdin': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${usage}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const port = Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be an integer 0–65535\n${usage}\n`);
    process.exit(2);
  }

  const log = createConsoleLogger('headless');
  const dataDir = args['data-dir'] ? resolve(args['data-dir']) : defaultDataDir();
  const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  const core = await createConsoleCore({
    dataDir,
    resourcesDir: join(repoRoot, 'resources'),
    host: 'headless',
    version,
    keyProvider: new FileKeyProvider({ dir: dataDir }),
    log,
  });
  const host = new WebHost({ staticDir: join(repoRoot, 'out', 'renderer'), port, router: core.router, hub: core.hub, sessions: core.sessions, log, media: core.media });
  const { origin } = await host.start();
  const url = host.issueLaunchUrl();
  core.status.report('store', 'ok', join(dataDir, 'ioc.duckdb'));

  if (args.json) process.stdout.write(`${JSON.stringify({ url, origin, dataDir, pid: process.pid })}\n`);
  else {
    process.stdout.write(
      [
        '',
        'IOC Console (headless) — Trung tâm điều hành đô thị thông minh',
        `  Mở trong trình duyệt / open in a browser (one-time link):`,
        `  ${url}`,
        `  Dữ liệu / data: ${dataDir}`,
        '  Ctrl+C để dừng / to stop.',
        '',
      ].join('\n'),
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    await host.dispose();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  if (args['exit-with-stdin']) {
    process.stdin.on('end', () => void stop('stdin closed'));
    process.stdin.on('error', () => void stop('stdin closed'));
    process.stdin.resume();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`IOC Console could not start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
