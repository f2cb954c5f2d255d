import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * electron-vite builds three bundles. The main bundle has two entries: `index` (the Electron
 * shell) and `headless` (the same services behind HTTP + WebSocket for browsers), so both
 * hosts always run identical service code.
 */
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          headless: resolve(__dirname, 'src/main/headless.ts'),
          // The field simulator runs as its own process (one per console); built beside main so
          // a packaged console does not need tsx.
          'field-simulator': resolve(__dirname, 'src/simulators/field/main.ts'),
          // Camera analytics workers (worker_threads) load this file beside the main bundle.
          'vision-worker': resolve(__dirname, 'src/workers/vision/vision-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
