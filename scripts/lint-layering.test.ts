import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The layering rules in eslint.config.js, checked against code that breaks them and code that does not. */
const eslint = new ESLint({ cwd: resolve(__dirname, '..') });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(__dirname, '..', filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

const cases: [string, string, boolean][] = [
  ['src/shared/contract/x.ts', "import { readFileSync } from 'node:fs'; export const a = readFileSync;", false],
  ['src/shared/contract/x.ts', "import { app } from 'electron'; export const a = app;", false],
  ['src/shared/contract/x.ts', "import { RpcRouter } from '../../main/rpc/router'; export const a = RpcRouter;", false],
  ['src/shared/contract/x.ts', "import { z } from 'zod'; export const a = z;", true],
  ['src/renderer/features/x/y.ts', "import { ipcRenderer } from 'electron'; export const a = ipcRenderer;", false],
  ['src/renderer/features/x/y.ts', "import fs from 'fs'; export const a = fs;", false],
  ['src/renderer/features/x/y.ts', "import { AuthService } from '../../../main/services/auth/auth-service'; export const a = AuthService;", false],
  ['src/renderer/features/x/y.ts', "import { rpc } from '../../bridge'; export const a = rpc;", true],
  ['src/main/services/x/y.ts', "import { BrowserWindow } from 'electron'; export const a = BrowserWindow;", false],
  ['src/main/services/x/y.ts', "import { readFile } from 'node:fs/promises'; export const a = readFile;", true],
  ['src/main/app/windows-x.ts', "import { ipcMain } from 'electron'; export const a = ipcMain;", false],
  ['src/main/app/windows-x.ts', "import { BrowserWindow } from 'electron'; export const a = BrowserWindow;", true],
  ['src/main/ipc/x.ts', "import { ipcMain } from 'electron'; export const a = ipcMain;", true],
  ['src/preload/x.ts', "import { ipcMain } from 'electron'; export const a = ipcMain;", false],
  ['src/preload/x.ts', "import { contextBridge } from 'electron'; export const a = contextBridge;", true],
  ['src/workers/x.ts', "import { app } from 'electron'; export const a = app;", false],
  ['src/workers/x.ts', "import { StoreService } from '../main/services/store/store-service'; export const a = StoreService;", false],
];

describe('layering lint', () => {
  it.each(cases)('%s: %s → allowed=%s', async (file, code, allowed) => {
    const errors = await restrictedImportErrors(file, code);
    if (allowed) expect(errors).toEqual([]);
    else expect(errors.length).toBeGreaterThan(0);
  });

  it('refuses spawning through a shell anywhere', async () => {
    const [result] = await eslint.lintText("import { spawn } from 'node:child_process'; spawn('ls', [], { shell: true });", {
      filePath: resolve(__dirname, '..', 'src/main/services/x/y.ts'),
    });
    expect(result!.messages.some((m) => m.ruleId === 'no-restricted-syntax')).toBe(true);
  });
});
