import { describe, expect, it } from 'vitest';
import { SystemStatusService } from './system-status-service';

const makeService = () => new SystemStatusService(() => new Date('2026-11-22T03:00:00Z'));

describe('SystemStatusService', () => {
  it('starts with every subsystem unconfigured and no drill', () => {
    const snap = makeService().snapshot();
    expect(snap.subsystems.map((s) => s.state)).toEqual(Array(6).fill('unconfigured'));
    expect(snap.drill).toEqual({ active: false });
    expect(snap.serverTime).toBe('2026-11-22T03:00:00.000Z');
  });

  it('fires once per real change and keeps the detail', () => {
    const service = makeService();
    const seen: string[] = [];
    service.onDidChange((s) => seen.push(s.subsystems.find((x) => x.id === 'store')!.state));
    service.report('store', 'ok', 'ioc.duckdb');
    service.report('store', 'ok', 'ioc.duckdb');
    service.report('store', 'down', 'disk full');
    expect(seen).toEqual(['ok', 'down']);
    expect(service.snapshot().subsystems.find((x) => x.id === 'store')).toEqual({ id: 'store', state: 'down', detail: 'disk full' });
  });
});
