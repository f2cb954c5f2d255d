import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { DiscoveredDevice } from '../../../../shared/domain/camera-devices';

const run = promisify(execFile);
const child = join(__dirname, 'ws-discovery-multicast-child.ts');

/** Multicast WS-Discovery needs a network of its own: a new network namespace, which needs root. */
async function namespaceUnavailable(): Promise<string | null> {
  try {
    await run('unshare', ['--net', '--', 'true']);
    return null;
  } catch (error) {
    return `cannot create a network namespace here (${(error as Error).message.split('\n')[0]}); CI runs as root and runs it`;
  }
}

const unavailable = await namespaceUnavailable();
if (unavailable) console.warn(`[ws-discovery multicast] not run: ${unavailable}`);

describe('WS-Discovery by multicast, inside a network namespace the test creates', () => {
  it.skipIf(unavailable !== null)('finds devices that joined 239.255.255.250, and not one that only listens by unicast', async () => {
    const { stdout } = await run('unshare', ['--net', '--', process.execPath, '--import', 'tsx', child], {
      env: { ...process.env, IOC_NETNS_CHILD: '1' },
      timeout: 30_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { multicast: DiscoveredDevice[]; unicast: DiscoveredDevice[]; groupProbes: number; unicastOnlyProbes: number };
    expect(result.multicast.map((d) => d.name).sort()).toEqual(['Camera Lê Lợi', 'NVR Phường 5']);
    expect(result.multicast.find((d) => d.kind === 'nvr')?.xaddrs).toEqual(['http://127.0.0.1:8000/onvif/nvr-mc/device_service']);
    expect(result.groupProbes).toBe(1);
    // The unicast-only device heard nothing of the multicast probe; a unicast probe finds it.
    expect(result.unicastOnlyProbes).toBe(1);
    expect(result.unicast.map((d) => d.name)).toEqual(['Camera chỉ unicast']);
  }, 40_000);
});
