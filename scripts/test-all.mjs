// `npm test`: the whole suite. Builds the app, runs Vitest (units + integration) and Playwright
// (end to end against the headless host in Chromium), then prints one closing line with the totals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, 'test-results');
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;

buildIfStale({ force: true });

const vitestJson = join(results, 'vitest.json');
const e2eJson = join(results, 'e2e-report.json');
rmSync(vitestJson, { force: true });
rmSync(e2eJson, { force: true });

const vitestStatus = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const e2eStatus = run(bin('playwright'), ['test']);

const totals = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(vitestJson)) {
  const v = JSON.parse(readFileSync(vitestJson, 'utf8'));
  totals.passed += v.numPassedTests;
  totals.failed += v.numFailedTests;
  totals.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
} else totals.failed += 1;
if (existsSync(e2eJson)) {
  const s = JSON.parse(readFileSync(e2eJson, 'utf8')).stats;
  totals.passed += s.expected + (s.flaky ?? 0);
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
} else totals.failed += 1;

const ok = vitestStatus === 0 && e2eStatus === 0 && totals.failed === 0;
console.log(`\nvitest exit ${vitestStatus}, playwright exit ${e2eStatus}; screenshots in test-results/screens`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);
