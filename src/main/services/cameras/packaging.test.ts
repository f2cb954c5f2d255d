import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_RTSP_SERVER_SCRIPT } from './demo-cameras';

const repoRoot = resolve(__dirname, '../../../..');

/** The `from`/`to` pairs of electron-builder.yml's extraResources (copied outside the asar archive). */
function extraResources(): { from: string; to: string }[] {
  const yml = readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8');
  const section = /^extraResources:\n((?:[ \t]+.*\n|\s*\n)*)/m.exec(yml)?.[1] ?? '';
  return [...section.matchAll(/-\s*from:\s*(\S+)\s*\n\s*to:\s*(\S+)/g)].map((m) => ({ from: m[1]!, to: m[2]! }));
}

describe('packaged app', () => {
  it('ships the camera simulator script where the demo city looks for it, outside the asar archive', () => {
    expect(existsSync(join(repoRoot, DEMO_RTSP_SERVER_SCRIPT))).toBe(true);
    // The app root of a packaged app is process.resourcesPath, where extraResources land.
    expect(extraResources()).toContainEqual({ from: DEMO_RTSP_SERVER_SCRIPT, to: DEMO_RTSP_SERVER_SCRIPT });
  });

  it('ships the resources folder (demo city, basemap, plate clip) the same way', () => {
    expect(extraResources()).toContainEqual({ from: 'resources', to: 'resources' });
  });
});
