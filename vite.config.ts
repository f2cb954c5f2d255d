import { defineConfig } from 'vitest/config';

/**
 * Vitest for units and integration tests. Tests sit beside the code they test
 * (`*.test.ts` / `*.test.tsx`); end-to-end tests live in `e2e/` and run under Playwright.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'e2e/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
