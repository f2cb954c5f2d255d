import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { curveKeyPair } from 'zeromq';
import { FieldBusService } from '../../services/fieldbus/field-bus-service';
import { silentLogger } from '../../services/log/logger';
import { RpcRouter } from '../router';
import { FakeSessions, makeOperator, RecordingAudit } from '../test-factories';
import type { Handlers } from '../types';
import { createFieldHandlers } from './field';

let bus: FieldBusService;
let audit: RecordingAudit;
let router: RpcRouter;

beforeEach(() => {
  const sessions = new FakeSessions().as('viewer', 'viewer').as('operator', 'operator').as('supervisor', 'supervisor');
  sessions.sessions.set('trucban', { operator: { ...makeOperator('operator'), username: 'trucban' }, locked: false });
  audit = new RecordingAudit();
  // No gateway: what is under test is the contract, the roles and the confirmation step.
  bus = new FieldBusService({
    assets: {
      intersections: [{ id: 'int-01', name: 'A – B', wardId: 'p1', position: [107.1, 16.8], routeIds: ['r1'] }],
      lightingCabinets: [],
      floodGauges: [{ id: 'flood-01', name: 'F', wardId: 'p1', position: [107.1, 16.81], thresholdsM: [3, 4, 5], hasSiren: true }],
      routes: [{ id: 'r1', name: 'R', intersectionIds: ['int-01'] }],
    },
    keys: curveKeyPair(),
    trustedGateways: new Set(),
    audit,
    log: silentLogger,
  });
  const handlers = { ...createFieldHandlers({ bus, auth: sessions, scenarios: () => [{ name: 'mua', title: 'Mưa', description: '', durationS: 60 }] }) } as unknown as Handlers;
  router = new RpcRouter({ handlers, sessions, audit });
});
afterEach(() => bus.dispose());

const call = (sessionId: string, method: string, arg?: unknown) => router.dispatch({ sessionId, transport: 'ws' }, method, arg);
const manual = { targetId: 'int-01', op: { type: 'signal.setMode', mode: 'manual', revertAfterMin: 10 }, reason: 'ùn tắc' };

describe('field handlers through the RpcRouter', () => {
  it('let a viewer watch but not command', async () => {
    expect(await call('viewer', 'field.snapshot', {})).toMatchObject({ ok: true, value: { connected: false, controllers: [{ id: 'int-01', online: false }, { id: 'flood-01' }] } });
    expect(await call('viewer', 'field.scenarios')).toMatchObject({ ok: true, value: [{ name: 'mua' }] });
    expect(await call('viewer', 'field.command', manual)).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(audit.records.at(-1)).toMatchObject({ actor: 'viewer', action: 'field.command', result: 'error:PERMISSION_DENIED' });
  });

  it('hold an operator\'s dangerous command until a supervisor decides, and audit each step', async () => {
    const requested = await call('trucban', 'field.command', manual);
    expect(requested).toMatchObject({ ok: true, value: { status: 'awaitingConfirmation', requestedBy: 'trucban', reason: 'ùn tắc' } });
    const id = (requested as { value: { id: string } }).value.id;
    expect(await call('trucban', 'field.confirm', { id })).toMatchObject({ ok: false, error: { code: 'PERMISSION_DENIED' } });
    expect(await call('supervisor', 'field.reject', { id })).toMatchObject({ ok: true, value: { status: 'rejected' } });
    expect(await call('supervisor', 'field.confirm', { id })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(audit.records.map((r) => `${r.actor}:${r.action}:${r.result}`)).toEqual([
      'trucban:field.command:ok',
      'trucban:field.confirm:error:PERMISSION_DENIED',
      'supervisor:field.reject:ok',
      'supervisor:field.confirm:error:CONFLICT',
    ]);
  });

  it('refuse bad arguments, unknown targets and commands of the wrong kind with typed errors', async () => {
    expect(await call('operator', 'field.command', { targetId: 'int-01', op: { type: 'signal.setMode', mode: 'manual' } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('operator', 'field.command', { targetId: 'int-99', op: { type: 'signal.advance' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('operator', 'field.command', { targetId: 'flood-01', op: { type: 'signal.advance' } })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('operator', 'field.confirm', { id: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('say plainly when no gateway is connected, and keep the record', async () => {
    const result = await call('operator', 'field.command', { targetId: 'int-01', op: { type: 'signal.setPlan', planId: 'P2' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/not connected/) } });
    expect(await call('viewer', 'field.commands.list', {})).toMatchObject({ ok: true, value: [{ status: 'failed', op: { type: 'signal.setPlan' } }] });
  });
});
