import type { Page } from '@playwright/test';

/**
 * Collects what must never happen on a console page: a Content Security Policy violation, an
 * uncaught page error, or a request that leaves the console's own origin (data: and blob: are the
 * page's own). Each spec ends by asserting the list is empty.
 */
export function watchPageProblems(page: Page, origin: () => string): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin()) && !url.startsWith('data:') && !url.startsWith('blob:')) problems.push(`external request: ${url}`);
  });
  return problems;
}
