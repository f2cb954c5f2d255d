/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { makeDataDir, startHost, type RunningHost } from './support/headless-host';
import { watchPageProblems } from './support/page-problems';
import { createFirstAdmin } from './support/first-admin';

/**
 * Camera analytics on the demo city: an operator draws a zone on a camera that plays vtest.avi
 * (pedestrians), watches the zone's people count follow the scene, sets a crowd threshold and
 * gets an alert. The detector is the real one (Human's centernet on tfjs-wasm in a worker).
 */
test.describe.configure({ mode: 'serial' });

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const shots = resolve(repoRoot, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const admin = { username: 'quantri', displayName: 'Quản Trị Phân Tích', password: 'mat-khau-phan-tich-2026' };

let host: RunningHost;
let page: Page;
let problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  host = await startHost(makeDataDir('ioc-e2e-vision-'));
  page = await browser.newPage();
  problems = watchPageProblems(page, () => host.origin);
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

test('a zone drawn on the vtest camera counts the people in it, and a crowd threshold raises an alert', async () => {
  test.setTimeout(240_000);
  await createFirstAdmin(page, host.url, admin);
  await page.getByTestId('nav-cameras').click();
  const vtestCamera = page.locator('[data-testid="video-camera-list"] li[data-camera-id="cam-ai-01"]');
  await expect(vtestCamera).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('layout-1x1').click();
  await page.getByTestId('tile-0').click();
  await vtestCamera.click();
  await expect(page.getByTestId('vision-panel')).toBeVisible();

  // Draw a zone over the whole picture: four clicks on the overlay, then "Xong".
  await page.getByTestId('vision-draw-zone').click();
  const overlay = page.getByTestId('tile-0').getByTestId('vision-overlay');
  await expect(overlay).toBeVisible();
  const box = (await overlay.boundingBox())!;
  // Corners clear of the tile's title bar (its close button) and status line; the overlay clamps them to the picture.
  for (const [fx, fy] of [[0.03, 0.12], [0.97, 0.12], [0.97, 0.88], [0.03, 0.88]] as const) {
    await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
  }
  await page.getByLabel('Tên vùng/vạch').fill('Vỉa hè');
  await page.getByTestId('vision-draw-finish').click();
  await expect(page.getByTestId('vision-zone-row-zone1')).toContainText('Vỉa hè');
  await page.getByTestId('vision-threshold-zone1').fill('1');
  await page.getByTestId('vision-hold-zone1').fill('0');
  await page.getByTestId('vision-start').click();

  // The worker loads the detector, then analyses frames; the zone's count is live.
  await expect(page.getByTestId('vision-state')).toHaveAttribute('data-status', /running|degraded/, { timeout: 120_000 });
  const people = page.getByTestId('vision-zone-people-zone1');
  await expect(people).not.toHaveText(/^0 /, { timeout: 90_000 });
  await expect(page.getByTestId('tile-0').locator('rect.det').first()).toBeAttached();

  // The count follows the scene: people walk in and out of vtest's picture.
  const seen = new Set<string>();
  for (let i = 0; i < 30 && seen.size < 2; i++) {
    seen.add((await people.textContent()) ?? '');
    await page.waitForTimeout(1000);
  }
  expect(seen.size, `zone count stayed at ${[...seen].join(', ')}`).toBeGreaterThanOrEqual(2);

  await expect(page.getByTestId('vision-alerts')).toContainText('Vỉa hè', { timeout: 30_000 });
  await page.screenshot({ path: join(shots, 'vision-01-zone-alert.png') });

  await page.getByTestId('vision-stop').click();
  await expect(page.getByTestId('vision-state')).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
});

test('nothing broke the security policy', () => {
  expect(problems).toEqual([]);
});
