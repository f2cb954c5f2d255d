/**
 * bench/startup — cold start of the headless host to the first rendered map frame in Chromium.
 *
 *   npm run bench:startup [-- --runs 5]
 *
 * Each run starts a fresh host process on a data folder that already has an admin (created
 * once, before timing), opens its launch URL in an already-running Chromium, logs in through
 * the form, and waits for the map's `ioc:map-first-frame` performance mark (set after deck.gl
 * draws its first frame with the city's layers loaded). Baseline, same browser, same run: a
 * small HTML page served by the same host in a fresh tab, so the ratio shows what the console costs.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from '@playwright/test';
import playwrightConfig from '../playwright.config';

const root = fileURLToPath(new URL('..', import.meta.url));
const admin = { username: 'bench', displayName: 'Bench', password: 'bench-password-2026' };

interface Host {
  url: string;
  origin: string;
  spawnedAt: number;
  readyAt: number;
  stop(): Promise<void>;
}

async function startHost(dataDir: string): Promise<Host> {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [join(root, 'out/main/headless.js'), '--json', '--exit-with-stdin', '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'ignore'] });
  const line = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('host did not start in 60 s')), 60_000);
    createInterface({ input: child.stdout! }).once('line', (l) => {
      clearTimeout(timer);
      res(l);
    });
    child.once('exit', (code) => rej(new Error(`host exited ${code}`)));
  });
  const readyAt = Date.now();
  const info = JSON.parse(line) as { url: string; origin: string };
  return {
    ...info,
    spawnedAt,
    readyAt,
    stop: () =>
      new Promise<void>((res) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          res();
        });
        child.kill('SIGTERM');
      }),
  };
}

async function loginOrSetup(page: Page): Promise<void> {
  const setup = page.getByTestId('setup-form');
  const login = page.getByTestId('login-form');
  await setup.or(login).waitFor();
  if (await setup.isVisible()) {
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Họ và tên').fill(admin.displayName);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
    await page.getByLabel('Nhập lại mật khẩu').fill(admin.password);
    await setup.getByRole('button').click();
  } else {
    await page.getByLabel('Tên đăng nhập').fill(admin.username);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
    await login.getByRole('button').click();
  }
}

async function firstFrameEpochMs(page: Page): Promise<number> {
  await page.waitForFunction(() => performance.getEntriesByName('ioc:map-first-frame').length > 0, null, { timeout: 60_000 });
  return page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('ioc:map-first-frame')[0]!.startTime);
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)! };
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Math.max(1, Math.min(20, Number(values.runs)));
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-bench-startup-'));
  const launch = playwrightConfig.use?.launchOptions ?? {};
  const browser: Browser = await chromium.launch({ headless: true, ...launch });
  try {
    // Untimed: create the admin once so every timed run is a returning operator's start.
    const first = await startHost(dataDir);
    const p0 = await browser.newPage();
    await p0.goto(first.url);
    await loginOrSetup(p0);
    await firstFrameEpochMs(p0);
    await p0.close();
    await first.stop();

    const hostReady: number[] = [];
    const spawnToFrame: number[] = [];
    const navToFrame: number[] = [];
    const baselinePage: number[] = [];
    for (let i = 0; i < runs; i++) {
      const host = await startHost(dataDir);
      // Baseline first, in a fresh tab: the host's small HTML page (no launch cookie, so its 401 page).
      const blank = await browser.newPage();
      const t0 = Date.now();
      await blank.goto(`${host.origin}/`);
      baselinePage.push(Date.now() - t0);
      await blank.close();

      const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
      const navStart = Date.now();
      await page.goto(host.url);
      await loginOrSetup(page);
      const frameAt = await firstFrameEpochMs(page);
      hostReady.push(host.readyAt - host.spawnedAt);
      // The baseline tab ran in between; leave its time out of the cold-start figure.
      spawnToFrame.push(host.readyAt - host.spawnedAt + (frameAt - navStart));
      navToFrame.push(frameAt - navStart);
      await page.close();
      await host.stop();
    }
    const fmt = (s: ReturnType<typeof stats>) => `median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;
    const frame = stats(navToFrame);
    const base = stats(baselinePage);
    console.log(`bench/startup — ${runs} runs, Chromium ${browser.version()}, headless host on 127.0.0.1`);
    console.log(`  host process start → ready (URL printed):       ${fmt(stats(hostReady))}`);
    console.log(`  navigation → login → first map frame:           ${fmt(frame)}`);
    console.log(`  host process start → first map frame (cold):    ${fmt(stats(spawnToFrame))}`);
    console.log(`  baseline: fresh tab, same host, its small HTML page: ${fmt(base)}`);
    console.log(`  ratio first-map-frame / baseline page (median):  ${(frame.median / Math.max(1, base.median)).toFixed(1)}×`);
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
