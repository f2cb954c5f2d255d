import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_RTSP_SERVER_SCRIPT } from '../services/cameras/demo-cameras';

/**
 * electron-builder.yml cannot be exercised here (packaging downloads Electron), so it is at
 * least held to electron-builder's own schema and to the packaging decisions it encodes.
 */
const require = createRequire(import.meta.url);
const configPath = fileURLToPath(new URL('../../../electron-builder.yml', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, log: { on(): void; isPublishOptionGuessed: boolean }): Promise<void>;
};
const config = yaml.load(readFileSync(configPath, 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('matches electron-builder\'s schema', async () => {
    await expect(validateConfiguration(structuredClone(config), { on() {}, isPublishOptionGuessed: false })).resolves.toBeUndefined();
  });

  it('would be refused by the schema with an unknown key (the check can fail)', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), notAnOption: true }, { on() {}, isPublishOptionGuessed: false })).rejects.toThrow(/notAnOption/);
  });

  it('packages the console as decided', () => {
    expect(config).toMatchObject({
      appId: 'vn.gov.ioc.console',
      productName: 'IOC Console',
      files: expect.arrayContaining(['out/**']),
      // The demo city, basemap and plate clip; and the camera simulator's script, which python3
      // reads as a plain file from the app root (process.resourcesPath in a packaged app).
      extraResources: [expect.objectContaining({ from: 'resources', to: 'resources' }), { from: DEMO_RTSP_SERVER_SCRIPT, to: DEMO_RTSP_SERVER_SCRIPT }],
      asarUnpack: expect.arrayContaining(['**/node_modules/@duckdb/**', '**/*.node']),
      linux: expect.objectContaining({ target: ['AppImage', 'deb'] }),
      win: expect.objectContaining({ target: ['nsis'] }),
      publish: null,
    });
  });

  it('copies extra resources that exist in the source tree', () => {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    for (const entry of config.extraResources as { from: string }[]) expect(existsSync(`${root}${entry.from}`), entry.from).toBe(true);
  });
});
