/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { makeDataDir, startHost, type RunningHost } from './support/headless-host';
import { createFirstAdmin } from './support/first-admin';

/**
 * The field bus on the demo city, as a new user meets it: the console starts the field
 * simulator by itself; signal phases change live; manual control needs a supervisor's
 * confirmation and reverts by itself; the Hùng Vương line is dimmed on a schedule and saves
 * energy; a flood drill cuts the link and the stations still warn locally.
 */
test.describe.configure({ mode: 'serial' });

const shots = fileURLToPath(new URL('../test-results/screens/', import.meta.url));
mkdirSync(shots, { recursive: true });
const admin = { username: 'quantri', displayName: 'Quản Trị Hiện Trường', password: 'mat-khau-hien-truong-2026' };

let host: RunningHost;
let page: Page;

test.beforeAll(async ({ browser }) => {
  host = await startHost(makeDataDir('ioc-e2e-field-'));
  page = await browser.newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  await createFirstAdmin(page, host.url, admin);
});

test.afterAll(async () => {
  await page?.close();
  await host?.stop();
});

const snap = (name: string) => page.screenshot({ path: join(shots, `field-${name}.png`) });

test('the simulator comes up by itself and signal phases change live', async () => {
  await page.getByTestId('nav-control').click();
  await expect(page.getByTestId('field-online')).toContainText('29/29', { timeout: 60_000 });
  const chip = page.getByTestId('signal-phase-int-06');
  await expect(chip).toBeVisible();
  const seen = new Set<string>();
  await expect
    .poll(
      async () => {
        seen.add((await chip.textContent()) ?? '');
        return seen.size;
      },
      { timeout: 120_000, intervals: [500], message: 'the phase of int-06 never changed' },
    )
    .toBeGreaterThan(1);
  await snap('01-signals');
});

test('manual control waits for a supervisor, then reverts by itself', async () => {
  await page.getByTestId('signal-row-int-02').getByRole('button').click();
  await page.getByTestId('signal-mode-select').selectOption('manual');
  await page.getByTestId('signal-revert-minutes').fill('1');
  await page.getByTestId('signal-set-mode').click();
  await page.getByTestId('field-tab-commands').click();
  const row = page.getByTestId('command-history').locator('tbody tr').first();
  await expect(row.getByTestId('command-status')).toHaveText('Chờ xác nhận');
  await row.getByTestId('command-confirm').click();
  await expect(row.getByTestId('command-status')).toHaveText('Đã thực hiện');
  await snap('02-confirmed');
  await page.getByTestId('field-tab-signals').click();
  await expect(page.getByTestId('signal-mode-int-02')).toHaveText('Thủ công');
  await expect(page.getByTestId('signal-mode-int-02')).toHaveText('Cố định', { timeout: 90_000 });
});

test('the Hùng Vương line is dimmed on a schedule and saves energy', async () => {
  await page.getByTestId('field-tab-lighting').click();
  await page.getByTestId('lighting-preset').selectOption('demo');
  await page.getByTestId('lighting-apply-schedule').click();
  await expect(page.getByTestId('cabinet-level-cab-hv-01')).toHaveText('40 %', { timeout: 15_000 });
  await expect
    .poll(async () => Number(/(\d+(?:\.\d+)?) %$/.exec((await page.getByTestId('lighting-line-savings').textContent()) ?? '')?.[1] ?? 'NaN'), { timeout: 30_000 })
    .toBeGreaterThan(20);
  await snap('03-lighting');
});

test('heavy rain raises the gauges through levels 1–3 while the link is cut; the sirens fire locally all the same', async () => {
  test.setTimeout(300_000);
  await page.getByTestId('field-tab-drill').click();
  await page.getByTestId('scenario-run-mua-lon-ngap').click();
  await page.getByTestId('field-tab-flood').click();
  // The scenario cuts the flood stations' link at 45 s and restores it at 165 s.
  await expect(page.getByTestId('flood-link-flood-01')).toHaveText('Mất kết nối', { timeout: 70_000 });
  await snap('04-link-cut');
  await expect(page.getByTestId('flood-link-flood-01')).toHaveText('Trực tuyến', { timeout: 150_000 });
  await expect(page.getByTestId('flood-level-flood-01')).toHaveText('Báo động 3');
  await expect(page.getByTestId('flood-device-flood-01')).toHaveText('ĐANG KÊU (tự kích hoạt)');
  await expect(page.getByTestId('gauge-flood-01').getByText('(xảy ra khi mất kết nối)').first()).toBeVisible();
  await snap('05-flood-after-drill');
});
