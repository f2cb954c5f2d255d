/// <reference lib="dom" />
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { startPgCluster, type PgCluster } from '../src/main/services/sync/testing/pg-cluster';
import { canvasStats } from './support/canvas';
import { makeDataDir, startHost, type RunningHost } from './support/headless-host';
import { watchPageProblems } from './support/page-problems';
import { createFirstAdmin } from './support/first-admin';

/**
 * Thống kê on the demo city: live KPIs against the previous period, charts drawn under the
 * CSP, a chart saved as CSV, a monthly PDF report in Vietnamese, and province sync to a real
 * PostgreSQL that is unplugged and plugged back while the backlog drains exactly once.
 */
test.describe.configure({ mode: 'serial' });

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const shots = resolve(repoRoot, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const admin = { username: 'thongke', displayName: 'Quản Trị Thống Kê', password: 'mat-khau-thong-ke-2026' };

let host: RunningHost;
let page: Page;
let pg: PgCluster;
let problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  pg = await startPgCluster();
  host = await startHost(makeDataDir('ioc-e2e-stats-'));
  page = await browser.newPage({ acceptDownloads: true });
  problems = watchPageProblems(page, () => host.origin);
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
  pg?.destroy();
});

test('a new admin opens Thống kê and sees live KPIs and charts of the demo city', async () => {
  await createFirstAdmin(page, host.url, admin);
  await page.getByTestId('nav-stats').click();
  // The demo history fills in the background; the KPIs update live as it lands.
  await expect(page.getByTestId('kpi-vehicles').locator('.kpi-value')).toHaveText(/^[1-9][\d.]*$/, { timeout: 90_000 });
  await expect(page.getByTestId('kpi-vehicles')).toContainText('so với kỳ trước');
  const canvas = page.getByTestId('chart-canvas-trafficByRoad').locator('canvas').first();
  await expect.poll(async () => (await canvasStats(canvas)).distinctColours, { timeout: 30_000 }).toBeGreaterThan(3);
  await page.screenshot({ path: join(shots, 'stats-01-dashboard.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByTestId('chart-floodLevels').getByRole('button', { name: 'Tải CSV' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  expect(csv).toMatch(/^\uFEFFperiod,bucket,series,value\r\ncurrent,/);
  expect(csv).toContain('flood-');
});

test('a camera chart drills down to the camera on the map, and back to the filtered chart', async () => {
  const chart = page.getByTestId('chart-canvas-trafficByCamera');
  const box = (await chart.boundingBox())!;
  // Bars stand in groups with gaps between them: try a few spots just above the axis until one hits a bar.
  for (let i = 0; i < 12 && !page.url().includes('#/map'); i++) {
    await chart.click({ position: { x: box.width * (0.2 + i * 0.05), y: box.height - 45 } });
    await page.waitForTimeout(150);
  }
  await expect(page.getByTestId('details-panel')).toContainText(/cam-ai-\d+/, { timeout: 10_000 });
  await page.getByTestId('nav-stats').click();
  await expect(page.getByTestId('drill-filter')).toContainText(/cam-ai-\d+/);
  await page.getByTestId('drill-filter').getByRole('button').click();
  await expect(page.getByTestId('drill-filter')).toHaveCount(0);
});

test('a monthly report is created as a PDF and downloaded', async () => {
  await page.getByTestId('report-period').selectOption('monthly');
  await page.getByTestId('report-format').selectOption('pdf');
  await page.getByTestId('report-create').click();
  const row = page.getByTestId('report-row').filter({ hasText: 'PDF' }).first();
  await expect(row).toBeVisible({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: 'Tải về' }).click();
  const pdf = readFileSync(await (await download).path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(pdf.toString('latin1')).toContain('NotoSans');
});

test('an admin changes data retention (checked by the main process) and exports NGSI-LD entities', async () => {
  const retention = page.getByTestId('retention');
  await expect(retention).toBeVisible();
  await expect(page.getByTestId('retention-rawDays')).toHaveValue('90');
  // Hour rollups kept shorter than minute rollups: refused with the reason, nothing stored.
  await page.getByTestId('retention-minuteDays').fill('40');
  await page.getByTestId('retention-hourDays').fill('20');
  await page.getByTestId('retention-save').click();
  await expect(page.getByRole('alert').filter({ hasText: 'hour rollups must be kept at least as long' })).toBeVisible();
  await page.getByTestId('retention-rawDays').fill('30');
  await page.getByTestId('retention-hourDays').fill('400');
  await page.getByTestId('retention-save').click();
  await expect(page.getByText('Đã lưu thời gian lưu giữ')).toBeVisible();
  // Leave Thống kê and come back: the panel reads the stored policy from the main process again.
  await page.getByTestId('nav-map').click();
  await page.getByTestId('nav-stats').click();
  await expect(page.getByTestId('retention-rawDays')).toHaveValue('30', { timeout: 30_000 });
  await expect(page.getByTestId('retention-hourDays')).toHaveValue('400');

  const ngsi = page.getByTestId('ngsi-export');
  await ngsi.getByLabel('AnprFlowObserved').uncheck();
  await page.getByTestId('ngsi-export-run').click();
  await expect(page.getByTestId('ngsi-export-result')).toContainText(/Đã xuất [1-9][\d.]* thực thể vào/, { timeout: 60_000 });
  const path = (await page.getByTestId('ngsi-export-result').textContent())!.replace(/^.* vào /, '').trim();
  expect(path.startsWith(join(host.dataDir, 'exports'))).toBe(true);
  const entities = JSON.parse(readFileSync(path, 'utf8')) as { type: string; '@context': unknown }[];
  expect(new Set(entities.map((e) => e.type))).toEqual(new Set(['TrafficFlowObserved', 'CrowdFlowObserved', 'Streetlight', 'WaterObserved', 'FloodMonitoring']));
  expect(entities.every((e) => Array.isArray(e['@context']))).toBe(true);
});

test('sync to a local PostgreSQL drains its backlog, survives the plug being pulled, and catches up', async () => {
  const sync = page.getByTestId('sync');
  await sync.getByLabel('Bật đồng bộ').check();
  await sync.getByLabel('Máy chủ PostgreSQL').fill(pg.host);
  await sync.getByLabel('Cổng').fill(String(pg.port));
  await sync.getByLabel('Cơ sở dữ liệu').fill(pg.database);
  await sync.getByLabel('Tài khoản').fill(pg.user);
  await sync.getByLabel(/Mật khẩu/).fill(pg.password);
  await sync.getByRole('button', { name: 'Lưu cấu hình đồng bộ' }).click();
  await expect(page.getByTestId('sync-state')).toContainText('Đã đồng bộ', { timeout: 120_000 });
  pg.stop('immediate');
  await expect(page.getByTestId('sync-state')).toContainText('Mất kết nối', { timeout: 60_000 });
  await page.screenshot({ path: join(shots, 'stats-02-sync-offline.png'), fullPage: true });
  pg.start();
  await expect(page.getByTestId('sync-state')).toContainText('Đã đồng bộ', { timeout: 120_000 });
  await expect(page.getByTestId('sync-state')).toContainText('Chờ gửi: 0 dòng');
  expect(problems).toEqual([]);
});
