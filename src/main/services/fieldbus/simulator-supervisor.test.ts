import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SimulatorStatus } from '../../../shared/domain/field';
import { demoCityDir, repoRoot } from '../../../simulators/field/test-support';
import { silentLogger } from '../log/logger';
import { makeTempDir, waitUntil } from '../store/test-support';
import { prepareDemoField } from './demo-field';
import { SimulatorSupervisor, type SimulatorReady } from './simulator-supervisor';

/** The real simulator process, started the way the console starts it. */
const temp = makeTempDir('ioc-fieldsim-');
afterAll(() => temp.cleanup());
const disposables: SimulatorSupervisor[] = [];
afterEach(async () => {
  for (const s of disposables.splice(0)) await s.dispose();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('SimulatorSupervisor', () => {
  it('starts the simulator, restarts it after a crash, and stops it on dispose', async () => {
    const demo = prepareDemoField({ dataDir: temp.dir, resourcesDir: `${repoRoot}/resources`, cityDir: demoCityDir });
    const ready: SimulatorReady[] = [];
    const statuses: SimulatorStatus['state'][] = [];
    const supervisor = new SimulatorSupervisor({
      launch: demo.launch,
      log: silentLogger,
      onReady: (r) => void ready.push(r),
      onStatus: (s) => void statuses.push(s.state),
      backoffMs: () => 100,
    });
    disposables.push(supervisor);
    supervisor.start();
    await waitUntil(() => ready.length === 1, 20_000, 25);
    expect(ready[0]!.telemetry).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(demo.trustedGateways.has(ready[0]!.publicKey)).toBe(true);
    const first = ready[0]!.pid;

    process.kill(first, 'SIGKILL');
    await waitUntil(() => ready.length === 2, 20_000, 25);
    expect(ready[1]!.pid).not.toBe(first);
    expect(statuses).toContain('restarting');

    const second = ready[1]!.pid;
    await supervisor.dispose();
    expect(isAlive(second)).toBe(false);
    expect(statuses.at(-1)).toBe('off');
  });

  it('gives up after too many crashes instead of looping forever', async () => {
    const statuses: SimulatorStatus[] = [];
    const supervisor = new SimulatorSupervisor({
      launch: { command: process.execPath, args: ['-e', 'process.exit(3)'] },
      log: silentLogger,
      onReady: () => {},
      onStatus: (s) => void statuses.push(s),
      maxRestarts: 2,
      backoffMs: () => 20,
    });
    disposables.push(supervisor);
    supervisor.start();
    await waitUntil(() => statuses.at(-1)?.state === 'failed', 10_000, 20);
    expect(statuses.at(-1)).toMatchObject({ state: 'failed', restarts: 2, detail: expect.stringMatching(/gave up/) });
  });
});
