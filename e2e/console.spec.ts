/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect, test, type Page } from '@playwright/test';
import { canvasStats, pixelDifference } from './support/canvas';
import { makeDataDir, startHost, type RunningHost } from './support/headless-host';

/**
 * One operator's first day on a fresh station, in order: create the admin, use the map,
 * add a leader (viewer), be refused, find it all in the audit log, then catch tampering.
 */
test.describe.configure({ mode: 'serial' });

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const shots = resolve(repoRoot, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const admin = { username: 'quantri', displayName: 'Nguyễn Văn Quản Trị', password: 'mat-khau-rat-dai-2026' };
const viewer = { username: 'lanhdao', displayName: 'Trần Thị Lãnh Đạo', password: 'lanh-dao-xem-2026!' };

let host: RunningHost;
let dataDir: string;
let page: Page;
const problems: string[] = [];

async function snap(name: string) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

async function login(user: { username: string; password: string }) {
  await page.getByTestId('login-form').waitFor();
  await page.getByLabel(/Tên đăng nhập|Username/).fill(user.username);
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(user.password);
  await page.getByRole('button', { name: /Đăng nhập|Log in/ }).click();
  await expect(page.getByTestId('status-operator')).toBeVisible();
}

async function logout() {
  await page.getByTestId('logout-button').click();
  await page.getByTestId('login-form').waitFor();
}

/** A raw contract call on a fresh WebSocket from inside the page: the UI cannot hide or help it. */
async function rawCalls(calls: { m: string; a: unknown }[]) {
  return page.evaluate(async (list) => {
    const ws = new WebSocket(`ws://${location.host}/ws`);
    await new Promise((res, rej) => {
      ws.onopen = res;
      ws.onerror = rej;
    });
    const replies: unknown[] = [];
    for (const [i, call] of list.entries()) {
      const reply = new Promise((res) => {
        ws.onmessage = (msg) => {
          const frame = JSON.parse(String(msg.data));
          if (frame.t === 'res' && frame.id === i + 1) res(frame.r);
        };
      });
      ws.send(JSON.stringify({ t: 'req', id: i + 1, m: call.m, a: call.a }));
      replies.push(await reply);
    }
    ws.close();
    return replies as { ok: boolean; value?: unknown; error?: { code: string; message: string } }[];
  }, calls);
}

test.beforeAll(async ({ browser }) => {
  dataDir = makeDataDir();
  host = await startHost(dataDir);
  page = await browser.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`requestfailed: ${req.url()}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  page.on('request', (req) => {
    if (!req.url().startsWith(host.origin) && !req.url().startsWith('data:') && !req.url().startsWith('blob:')) problems.push(`external request: ${req.url()}`);
  });
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

test('a fresh station asks for the first admin, in Vietnamese', async () => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Khởi tạo quản trị viên đầu tiên' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
  await snap('01-setup');
  await page.getByLabel('Tên đăng nhập').fill(admin.username);
  await page.getByLabel('Họ và tên').fill(admin.displayName);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
  await page.getByLabel('Nhập lại mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Tạo quản trị viên' }).click();
  await expect(page.getByTestId('status-operator')).toContainText(admin.displayName);
  await expect(page.getByTestId('nav-map')).toHaveAttribute('aria-current', 'page');
});

test('the launch link works once only', async ({ browser }) => {
  const other = await browser.newPage();
  const response = await other.goto(host.url);
  expect(response?.status()).toBe(401);
  await other.close();
});

test('the language switches to English and back', async () => {
  await page.getByTestId('language-switch').first().click();
  await expect(page.getByTestId('nav-stats')).toContainText('Statistics');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('language-switch').first().click();
  await expect(page.getByTestId('nav-stats')).toContainText('Thống kê');
});

test('the keyboard reaches every section', async () => {
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('section-title')).toHaveText('Thống kê');
  await page.getByTestId('nav-stats').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('nav-settings')).toBeFocused();
  await expect(page.getByTestId('section-title')).toHaveText('Cài đặt');
  await page.keyboard.press('Alt+1');
  await expect(page.getByTestId('section-title')).toHaveText('Bản đồ');
});

test('the map of Đông Hà renders offline and a layer can be toggled', async () => {
  const map = page.getByTestId('map-canvas');
  await expect(map).toBeVisible();
  await expect
    .poll(async () => (await canvasStats(map)).distinctColours, { timeout: 30_000, message: 'map canvas stays blank' })
    .toBeGreaterThan(20);
  const before = await canvasStats(map);
  expect(before.nonBackgroundShare).toBeGreaterThan(0.05);
  await snap('02-map');

  const toggle = page.getByTestId('layer-toggle-wards');
  await toggle.click();
  await expect.poll(async () => pixelDifference(before.png, (await canvasStats(map)).png), { timeout: 10_000 }).toBeGreaterThan(0.01);
  await snap('03-map-wards-off');
  await toggle.click();
});

test("searching opens a camera's details", async () => {
  await page.getByTestId('map-search-input').fill('cam');
  await page.getByTestId('map-search-result').first().click();
  const details = page.getByTestId('details-panel');
  await expect(details).toBeVisible();
  await expect(details).toContainText(/cam-/i);
  await snap('04-camera-details');
});

test('a malformed GeoJSON import shows a clear error and changes nothing', async () => {
  const before = await rawCalls([{ m: 'auth.login', a: admin }, { m: 'map.userLayers.list', a: {} }]);
  await page.getByTestId('geojson-import-input').setInputFiles({
    name: 'hong.geojson',
    mimeType: 'application/geo+json',
    buffer: Buffer.from('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[999,16.8]},"properties":{}}]'),
  });
  await expect(page.getByTestId('geojson-import-error')).toBeVisible();
  await snap('05-geojson-error');
  const after = await rawCalls([{ m: 'auth.login', a: admin }, { m: 'map.userLayers.list', a: {} }]);
  expect(after[1]).toEqual(before[1]);
});

test('the admin creates a viewer account', async () => {
  await page.getByTestId('nav-settings').click();
  const form = page.getByTestId('operator-create-form');
  await form.getByLabel('Tên đăng nhập').fill(viewer.username);
  await form.getByLabel('Họ và tên').fill(viewer.displayName);
  await form.getByLabel('Vai trò').selectOption('viewer');
  await form.getByLabel('Mật khẩu').fill(viewer.password);
  await form.getByRole('button', { name: 'Thêm tài khoản' }).click();
  await expect(page.getByTestId(`operator-row-${viewer.username}`)).toBeVisible();
  await snap('06-operators');
});

test('a viewer is refused a supervisor action by the main process', async () => {
  await logout();
  await login(viewer);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('audit-panel')).toHaveCount(0);
  const replies = await rawCalls([
    { m: 'auth.login', a: { username: viewer.username, password: viewer.password } },
    { m: 'audit.verify', a: {} },
    { m: 'operators.create', a: { username: 'ke-xau', displayName: 'x', role: 'admin', password: 'khong-duoc-phep-2026' } },
    { m: 'audit.list', a: { limit: 'many' } },
  ]);
  expect(replies[0]!.ok).toBe(true);
  expect(replies[1]!.error?.code).toBe('PERMISSION_DENIED');
  expect(replies[2]!.error?.code).toBe('PERMISSION_DENIED');
  expect(replies[3]!.error?.code).toBe('INVALID_ARGUMENT');
  await snap('07-viewer-settings');
});

test('the audit log holds every action and verifies', async () => {
  await logout();
  await login(admin);
  await page.getByTestId('nav-settings').click();
  const audit = page.getByTestId('audit-panel');
  await audit.getByTestId('audit-verify').click();
  await expect(audit.getByTestId('audit-verify-result')).toContainText('Toàn vẹn');
  const rows = audit.getByTestId('audit-row');
  await expect(rows.filter({ hasText: 'auth.setupAdmin' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'operators.create' }).filter({ hasText: 'error:PERMISSION_DENIED' })).toHaveCount(1);
  await expect(rows.filter({ hasText: 'map.userLayers.import' }).filter({ hasText: 'error:INVALID_ARGUMENT' })).toHaveCount(1);
  await expect(audit).not.toContainText(admin.password);
  await snap('08-audit-ok');
});

test('so far nothing broke the security policy or reached outside 127.0.0.1', async () => {
  expect(problems).toEqual([]);
});

test('tampering with the database is detected', async () => {
  await host.stop();
  const db = await DuckDBInstance.create(join(dataDir, 'ioc.duckdb'));
  const conn = await db.connect();
  await conn.run(`UPDATE audit_log SET actor = 'ai-do-khac' WHERE action = 'auth.setupAdmin'`);
  conn.closeSync();
  db.closeSync();

  const cli = (() => {
    try {
      execFileSync(process.execPath, [resolve(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/main/cli/audit-verify.ts', '--data-dir', dataDir], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      return { status: 0, out: '' };
    } catch (err) {
      const e = err as { status: number; stdout: string; stderr: string };
      return { status: e.status, out: e.stdout + e.stderr };
    }
  })();
  expect(cli.status).toBe(1);

  host = await startHost(dataDir);
  await page.goto(host.url);
  await login(admin);
  await page.getByTestId('nav-settings').click();
  const audit = page.getByTestId('audit-panel');
  await audit.getByTestId('audit-verify').click();
  await expect(audit.getByTestId('audit-verify-result')).toContainText('PHÁT HIỆN SỬA ĐỔI');
  await snap('09-audit-tampered');
  writeFileSync(join(shots, 'audit-cli.txt'), cli.out);
});

