/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { makeDataDir, startHost, type RunningHost } from './support/headless-host';
import { watchPageProblems } from './support/page-problems';
import { createFirstAdmin } from './support/first-admin';

/**
 * Biển số on the demo city: an admin puts 51F-888.88 on the watchlist (danh sách đen), turns
 * plate reading on for the QL9 gateway camera, which loops the rendered plate clip, sees the
 * hit (highlighted row and an alert toast), searches a partial plate and removes the entry.
 */
test.describe.configure({ mode: 'serial' });

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const shots = resolve(repoRoot, 'test-results', 'screens');
mkdirSync(shots, { recursive: true });
const admin = { username: 'quantri', displayName: 'Quản Trị Biển Số', password: 'mat-khau-bien-so-2026' };
const clipCamera = 'Camera AI cửa ngõ phía Tây (QL9)';

let host: RunningHost;
let page: Page;
let problems: string[] = [];

test.beforeAll(async ({ browser }) => {
  host = await startHost(makeDataDir('ioc-e2e-plates-'));
  page = await browser.newPage();
  problems = watchPageProblems(page, () => host.origin);
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

test('an admin opens Biển số from the keyboard and puts 51F-888.88 on the watchlist', async () => {
  await createFirstAdmin(page, host.url, admin);
  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('section-title')).toHaveText('Biển số');
  await expect(page.getByTestId('plates-page')).toBeVisible();

  const form = page.getByTestId('watchlist-add');
  await page.getByTestId('watchlist-plate').fill('51f88888');
  await expect(form).toContainText('Sẽ lưu là 51F-888.88');
  await page.getByTestId('watchlist-reason').fill('Xe tang vật vụ trộm ngày 01/12');
  await page.getByTestId('watchlist-add-button').click();
  const entry = page.getByTestId('watchlist-entry').filter({ hasText: '51F-888.88' });
  await expect(entry).toContainText('Xe tang vật vụ trộm');
  await expect(entry).toContainText('Không hết hạn');
  await expect(page.getByTestId('toast-info').filter({ hasText: 'Đã thêm 51F-888.88' })).toBeVisible();
  await expect(page.getByTestId('watchlist-plate')).toHaveValue('');

  // A second entry with an expiry, then a duplicate (refused with the reason the first one has).
  await page.getByTestId('watchlist-plate').fill('29-B1 5678');
  await page.getByTestId('watchlist-reason').fill('Hết hạn đăng kiểm');
  await page.getByTestId('watchlist-expiry').fill('2099-12-31T23:30');
  await page.getByTestId('watchlist-add-button').click();
  await expect(page.getByTestId('watchlist-entry').filter({ hasText: '29-B1 5678' })).toContainText('31/12/2099');
  // The form clears once the add is answered (the list may refresh sooner, on the change event).
  await expect(page.getByTestId('watchlist-plate')).toHaveValue('');
  await page.getByTestId('watchlist-plate').fill('51F-888.88');
  await page.getByTestId('watchlist-reason').fill('trùng');
  await page.getByTestId('watchlist-add-button').click();
  const conflict = page.getByTestId('toast-error').filter({ hasText: 'already on the watchlist' });
  await expect(conflict).toBeVisible();
  await expect(page.getByTestId('watchlist-entry')).toHaveCount(2);
  // Error toasts stay until dismissed; the operator closes this one.
  await conflict.getByRole('button').click();
  await expect(conflict).toHaveCount(0);
  await page.screenshot({ path: join(shots, 'plates-01-watchlist.png') });
});

test('plate reading on the QL9 gateway camera, which loops the plate clip, raises a hit', async () => {
  test.setTimeout(240_000);
  await page.getByTestId('nav-cameras').click();
  await expect(page.getByTestId('video-page')).toBeVisible();
  await page.getByTestId('tile-0').click();
  await page.getByTestId('video-camera-list').locator('li', { hasText: 'QL9' }).first().click();
  const panel = page.getByTestId('vision-panel');
  await expect(panel).toBeVisible({ timeout: 30_000 });
  await panel.getByTestId('vision-task-plates').check();
  // The reader: PaddleOCR, with tesseract.js as the fallback, unless the operator picks one.
  await expect(panel.getByTestId('vision-plate-engine')).toHaveValue('auto');
  await panel.getByTestId('vision-task-people').uncheck();
  await panel.getByTestId('vision-start').click();
  const state = panel.getByTestId('vision-state');
  await expect(state).toHaveAttribute('data-status', /running|degraded/, { timeout: 60_000 });

  // The Biển số list follows reads live; the hit toast shows wherever the operator is.
  await page.getByTestId('nav-plates').click();
  const recent = page.getByTestId('plates-page');
  const hitRow = recent.locator('tr[data-hit]', { hasText: '51F-888.88' }).first();
  // The hit toast names the camera; other error toasts about the plate (a refused duplicate) do not.
  const toast = page.getByTestId('toast-error').filter({ hasText: '51F-888.88' }).filter({ hasText: clipCamera });
  let toastText = '';
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline && !(await hitRow.isVisible())) {
    if (!toastText && (await toast.count())) toastText = (await toast.first().textContent()) ?? '';
    await page.waitForTimeout(1000);
  }
  await expect(hitRow).toBeVisible();
  await expect(hitRow).toContainText('Trùng danh sách đen');
  await expect(hitRow).toContainText(clipCamera);
  await expect(hitRow).toHaveClass(/plate-hit/);
  // The evidence: the plate as the camera saw it, cut from the analysed frame.
  await expect(hitRow.locator('img.plate-crop')).toBeVisible({ timeout: 15_000 });
  if (!toastText) toastText = (await toast.first().textContent({ timeout: 5000 })) ?? '';
  expect(toastText).toContain(clipCamera);
  await page.screenshot({ path: join(shots, 'plates-02-hit.png') });
});

test('a partial plate search finds the read, with paging controls', async () => {
  await page.getByTestId('nav-plates').click();
  await page.getByTestId('plates-search-query').fill('888');
  await page.getByTestId('plates-search-go').click();
  const results = page.getByTestId('plates-search-results');
  await expect(results.getByTestId('plates-search-page')).toHaveText('Trang 1');
  await expect(results.getByRole('button', { name: '‹ Trước' })).toBeDisabled();
  await expect(results.getByTestId('plate-read').first()).toHaveAttribute('data-plate', '51F-888.88');
  // Wildcards and confusables: "5?F*8B" matches 51F-888.88 (B reads as 8).
  await page.getByTestId('plates-search-query').fill('5?F*8B');
  await page.getByTestId('plates-search-go').click();
  await expect(results.getByTestId('plate-read').first()).toHaveAttribute('data-plate', '51F-888.88');
  // A query without a letter or digit is refused by the backend with a reason.
  await page.getByTestId('plates-search-query').fill('**');
  await page.getByTestId('plates-search-go').click();
  await expect(page.getByTestId('toast-error').filter({ hasText: /letter or digit/ })).toBeVisible();
  await page.getByTestId('plates-search-query').fill('77Z');
  await page.getByTestId('plates-search-go').click();
  await expect(results).toContainText('Không tìm thấy lượt đọc nào.');
  await page.screenshot({ path: join(shots, 'plates-03-search.png') });
});

test('the admin removes the entry, and nothing broke the CSP or reached outside', async () => {
  await page.getByTestId('nav-plates').click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('watchlist-entry').filter({ hasText: '51F-888.88' }).getByRole('button', { name: /Xóa/ }).click();
  await expect(page.getByTestId('watchlist-entry')).toHaveCount(1);
  await expect(page.getByTestId('toast-info').filter({ hasText: 'Đã xóa 51F-888.88' })).toBeVisible();
  expect(problems).toEqual([]);
});
