import { expect, type Page } from '@playwright/test';

export interface AdminAccount {
  username: string;
  displayName: string;
  password: string;
}

/**
 * Opens the host's one-time launch URL on a fresh station and creates its first admin (Vietnamese UI).
 * `timeoutMs` is for callers outside the test runner (benches), whose expect waits only 5 s.
 */
export async function createFirstAdmin(page: Page, launchUrl: string, admin: AdminAccount, timeoutMs?: number): Promise<void> {
  await page.goto(launchUrl);
  await page.getByLabel('Tên đăng nhập').fill(admin.username);
  await page.getByLabel('Họ và tên').fill(admin.displayName);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(admin.password);
  await page.getByLabel('Nhập lại mật khẩu').fill(admin.password);
  await page.getByRole('button', { name: 'Tạo quản trị viên' }).click();
  await expect(page.getByTestId('status-operator')).toContainText(admin.displayName, timeoutMs === undefined ? undefined : { timeout: timeoutMs });
}
