import { describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import type { DisplayInfo } from '../../../shared/domain/displays';
import type { Operator } from '../../../shared/domain/operators';
import type { Role } from '../../../shared/domain/roles';
import { Emitter } from '../../../shared/lib/emitter';
import { DisplayLayoutService } from '../../services/displays/display-layout-service';
import { RpcRouter } from '../router';
import type { AuditRecord, Handlers } from '../types';
import { createDisplayHandlers } from './displays';

class MemorySettings {
  private readonly data = new Map<string, unknown>();
  async get<T>(key: string, schema: ZodType<T>, fallback: T): Promise<T> {
    const parsed = schema.safeParse(this.data.get(key));
    return parsed.success ? parsed.data : fallback;
  }
  async set(key: string, value: unknown): Promise<void> {
    this.data.set(key, structuredClone(value));
  }
}

const displays: DisplayInfo[] = [
  { id: '1', label: 'Bàn trực', bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, scaleFactor: 1, primary: true },
  { id: '2', label: 'Màn hình tường', bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, workArea: { x: 1920, y: 0, width: 3840, height: 2160 }, scaleFactor: 2, primary: false },
];

function operator(role: Role): Operator {
  return { id: role, username: role, displayName: role, role, disabled: false, createdAt: '2025-01-01T00:00:00.000Z' };
}

function makeRouter() {
  const service = new DisplayLayoutService({
    settings: new MemorySettings(),
    source: { list: () => displays, onDidChange: new Emitter<void>().event },
  });
  // Only the displays.* entries are served; the rest of the contract is not under test here.
  const handlers = { ...createDisplayHandlers({ displays: service }) } as unknown as Handlers;
  const sessions = new Map<string, Operator>([
    ['viewer', operator('viewer')],
    ['admin', operator('admin')],
  ]);
  const audit: AuditRecord[] = [];
  const router = new RpcRouter({
    handlers,
    sessions: { current: (id) => ({ operator: sessions.get(id) ?? null, locked: false }) },
    audit: { append: async (r) => audit.push(r) },
  });
  const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ipc' }, method, arg);
  return { call, audit, service };
}

describe('displays handlers through the router', () => {
  it('gives any logged-in operator the layout', async () => {
    const { call } = makeRouter();
    const result = await call('viewer', 'displays.layout');
    expect(result).toMatchObject({ ok: true, value: { displays: [{ id: '1' }, { id: '2' }], windows: [{ key: 'station:primary' }, { key: 'wall', displayId: '2' }] } });
  });

  it('refuses the layout before login', async () => {
    const { call } = makeRouter();
    expect(await call('nobody', 'displays.layout')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('lets an admin change prefs, audited, and answers with the new plan', async () => {
    const { call, audit } = makeRouter();
    const result = await call('admin', 'displays.setPrefs', { wallKiosk: true });
    expect(result).toMatchObject({ ok: true, value: { prefs: { wallKiosk: true }, windows: [{}, { key: 'wall', kiosk: true }] } });
    expect(audit).toEqual([{ actor: 'admin', action: 'displays.setPrefs', args: { wallKiosk: true }, result: 'ok' }]);
  });

  it('refuses a viewer who tries to change prefs, on the record', async () => {
    const { call, audit } = makeRouter();
    expect(await call('viewer', 'displays.setPrefs', { wallKiosk: true })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(audit[0]).toMatchObject({ actor: 'viewer', result: 'error:PERMISSION_DENIED' });
    expect(await call('admin', 'displays.layout')).toMatchObject({ ok: true, value: { prefs: { wallKiosk: false } } });
  });

  it('answers malformed prefs and unknown displays with INVALID_ARGUMENT', async () => {
    const { call } = makeRouter();
    expect(await call('admin', 'displays.setPrefs', { wallKiosk: 'on' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('admin', 'displays.setPrefs', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('admin', 'displays.setPrefs', { wallDisplay: 'HDMI-9' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { knownDisplays: ['1', '2'] } },
    });
  });
});
