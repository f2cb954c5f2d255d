import { afterEach, describe, expect, it } from 'vitest';
import { curveKeyPair, Dealer } from 'zeromq';
import type { CityAssets } from '../../../shared/domain/city';
import { batchHeader, encodeMessage, type CommandMessage, type ReplyMessage, type TelemetryMessage } from '../../../shared/domain/field-protocol';
import { ControllerGateway, type CommandRunner, type GatewayOptions } from '../../../simulators/field/controller-gateway';
import { RecordingAudit } from '../../rpc/test-factories';
import { silentLogger } from '../log/logger';
import { StoreService } from '../store/store-service';
import { coreMigrations } from '../store/migrations';
import { waitUntil } from '../store/test-support';
import { CommandClient } from './command-client';
import { FieldBusService, receiveHighWaterMarkFor } from './field-bus-service';
import { fieldMigrations } from './field-migrations';
import { FieldRecorder } from './field-recorder';

/**
 * The field bus over real ZeroMQ sockets on 127.0.0.1, CURVE on, one gateway in the same
 * process (its own ZeroMQ context and ZAP handler). Covers the protocol's failure modes.
 */
const assets: Pick<CityAssets, 'intersections' | 'lightingCabinets' | 'floodGauges' | 'routes'> = {
  intersections: [{ id: 'int-01', name: 'A – B', wardId: 'p1', position: [107.1, 16.8], routeIds: ['r1'] }],
  lightingCabinets: [],
  floodGauges: [{ id: 'flood-01', name: 'F', wardId: 'p1', position: [107.1, 16.81], thresholdsM: [3, 4, 5], hasSiren: true }],
  routes: [{ id: 'r1', name: 'R', intersectionIds: ['int-01'] }],
};

class CountingRunner implements CommandRunner {
  executed: CommandMessage[] = [];
  reachable = true;
  execute(command: CommandMessage) {
    if (!this.reachable) return 'unreachable' as const;
    this.executed.push(command);
    return command.op.type === 'signal.skip' ? { ok: false as const, code: 'REJECTED' as const, reason: 'not now' } : { ok: true as const };
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Rig {
  gateway: ControllerGateway;
  bus: FieldBusService;
  runner: CountingRunner;
  station: { publicKey: string; secretKey: string };
  gatewayKeys: { publicKey: string; secretKey: string };
  audit: RecordingAudit;
  seq: { n: number };
  hb(src?: string, intervalMs?: number): TelemetryMessage;
}

async function rig(
  options: { receiveHighWaterMark?: number; sendHighWaterMark?: number; recorder?: FieldRecorder; trustStation?: boolean; gatewayKeys?: { publicKey: string; secretKey: string }; batching?: GatewayOptions['batching'] } = {},
): Promise<Rig> {
  const station = curveKeyPair();
  const gatewayKeys = options.gatewayKeys ?? curveKeyPair();
  const runner = new CountingRunner();
  const gateway = await ControllerGateway.start({
    keys: gatewayKeys,
    trustedStations: new Set(options.trustStation === false ? [] : [station.publicKey]),
    runner,
    ...(options.sendHighWaterMark ? { sendHighWaterMark: options.sendHighWaterMark } : {}),
    ...(options.batching ? { batching: options.batching } : {}),
  });
  cleanups.push(() => gateway.dispose());
  const audit = new RecordingAudit();
  const bus = new FieldBusService({
    assets,
    keys: station,
    trustedGateways: new Set([gatewayKeys.publicKey]),
    audit,
    log: silentLogger,
    updateIntervalMs: 25,
    commandTimeoutMs: 600,
    ...(options.recorder ? { recorder: options.recorder } : {}),
    ...(options.receiveHighWaterMark ? { receiveHighWaterMark: options.receiveHighWaterMark } : {}),
  });
  cleanups.push(() => bus.dispose());
  bus.connect({ ...gateway.endpoints, publicKey: gatewayKeys.publicKey });
  const seq = { n: 0 };
  const hb = (src = 'int-01', intervalMs = 1000): TelemetryMessage => ({ v: 1, src, boot: 'b1', seq: seq.n++, ts: Date.now(), type: 'hb', data: { intervalMs, linkUp: true, outbox: 0 } });
  return { gateway, bus, runner, station, gatewayKeys, audit, seq, hb };
}

/** PUB/SUB drops messages until the subscription has reached the publisher; publish until one arrives. */
async function joined(r: Rig): Promise<void> {
  await waitUntil(() => {
    r.gateway.publish([r.hb()]);
    return r.bus.stats.accepted > 0;
  }, 5_000, 20);
}

async function rawDealer(r: Rig): Promise<Dealer> {
  const dealer = new Dealer({ curveServerKey: r.gatewayKeys.publicKey, curvePublicKey: r.station.publicKey, curveSecretKey: r.station.secretKey, linger: 0, receiveTimeout: 3_000 });
  dealer.connect(r.gateway.endpoints.commands);
  cleanups.push(() => dealer.close());
  return dealer;
}

async function exchange(dealer: Dealer, body: string | Uint8Array): Promise<ReplyMessage> {
  await dealer.send(body);
  const [frame] = await dealer.receive();
  return JSON.parse(frame!.toString()) as ReplyMessage;
}

describe('field bus telemetry', () => {
  it('receives checked telemetry and marks controllers online', async () => {
    const r = await rig();
    await joined(r);
    r.gateway.publish([{ v: 1, src: 'flood-01', boot: 'b1', seq: 0, ts: Date.now(), type: 'event', data: { name: 'warning.auto', at: 5, offline: true, detail: { level: 2 } } }]);
    await waitUntil(() => r.bus.snapshot().events.length === 1);
    const snapshot = r.bus.snapshot();
    expect(snapshot.controllers.find((c) => c.id === 'int-01')).toMatchObject({ online: true, linkUp: true });
    expect(snapshot.events[0]).toMatchObject({ controllerId: 'flood-01', event: { name: 'warning.auto', offline: true } });
  });

  it('counts malformed, unknown-version, oversized, invalid and misrouted frames, and keeps going', async () => {
    const r = await rig();
    await joined(r);
    const good = r.bus.stats.accepted;
    r.gateway.publishRaw(['hb.int-01', 'this is not json']);
    r.gateway.publishRaw(['hb.int-01', 'a', 'b']);
    r.gateway.publishRaw(['hb.int-01', JSON.stringify({ ...r.hb(), v: 99 })]);
    r.gateway.publishRaw(['hb.int-01', JSON.stringify({ ...r.hb(), pad: 'x'.repeat(70_000) })]);
    r.gateway.publishRaw(['hb.int-01', JSON.stringify({ ...r.hb(), seq: 'seven' })]);
    r.gateway.publishRaw(['signal.int-01', encodeMessage(r.hb())]);
    r.gateway.publish([r.hb()]);
    await waitUntil(() => r.bus.stats.accepted > good && r.bus.stats.invalid >= 2);
    // Schema failures and a message on the wrong topic are both "invalid"; unreadable frames "malformed".
    expect(r.bus.stats).toMatchObject({ malformed: 2, unknownVersion: 1, oversized: 1, invalid: 2 });
    expect(r.bus.stats.accepted).toBeGreaterThan(good);
  });

  it('marks a silent controller offline within three missed heartbeats', async () => {
    const r = await rig();
    await waitUntil(() => {
      r.gateway.publish([r.hb('int-01', 100)]);
      return r.bus.snapshot().controllers.find((c) => c.id === 'int-01')?.online === true;
    }, 5_000, 20);
    const silentFrom = Date.now();
    await waitUntil(() => r.bus.snapshot().controllers.find((c) => c.id === 'int-01')?.online === false, 2_000, 10);
    const took = Date.now() - silentFrom;
    expect(took).toBeGreaterThanOrEqual(250);
    // Three intervals of 100 ms, plus at most one sweep of 25 ms and scheduling slack.
    expect(took).toBeLessThan(500);
  });

  it('survives a telemetry flood with bounded queues and accounts for every message it lost', async () => {
    const r = await rig({ receiveHighWaterMark: 200, sendHighWaterMark: 200 });
    await joined(r);
    // Let the heartbeats sent while joining land before counting from here.
    await r.gateway.flush();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = r.bus.stats.accepted;
    const firstSeq = r.seq.n;
    const burst = Array.from({ length: 30_000 }, () => r.hb());
    r.gateway.publish(burst);
    await r.gateway.flush();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // One more after the burst exposes any loss at its tail as a sequence gap.
    r.gateway.publish([r.hb()]);
    await waitUntil(() => r.bus.snapshot().stats.accepted + r.bus.snapshot().stats.lost >= before + r.seq.n - firstSeq, 10_000);
    const stats = r.bus.snapshot().stats;
    expect(stats.accepted - before + stats.lost).toBe(r.seq.n - firstSeq);
    expect(stats.lost).toBeGreaterThan(0);
  });
});

describe('telemetry batches (protocol v2)', () => {
  const hbOf = (src: string, boot: string, seq: number): TelemetryMessage => ({ v: 1, src, boot, seq, ts: Date.now(), type: 'hb', data: { intervalMs: 1000, linkUp: true, outbox: 0 } });
  /** A batch built by hand: `["batch", header, records joined by "\n"]`. */
  const batch = (records: (TelemetryMessage | string)[], n = records.length) => ['batch', batchHeader(n), records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')];
  const range = (src: string, boot: string, from: number, to: number) => Array.from({ length: to - from }, (_, i) => hbOf(src, boot, from + i));
  /** Joined, and the messages sent while joining have landed: counting starts from here. */
  const settled = async (r: Rig, ...others: ControllerGateway[]) => {
    for (const g of [r.gateway, ...others]) await g.flush();
    await new Promise((resolve) => setTimeout(resolve, 150));
  };

  it('a batching gateway sends many records per message, each tracked by its own controller and sequence', async () => {
    const r = await rig({ batching: { maxRecords: 50, maxDelayMs: 5 } });
    await joined(r);
    await r.gateway.flush();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = r.bus.snapshot().stats;
    // Two controllers interleaved in the same batches, 500 records in all.
    const records = Array.from({ length: 500 }, (_, i) => hbOf(i % 2 ? 'flood-01' : 'int-01', 'b2', Math.floor(i / 2)));
    r.gateway.publish(records);
    await waitUntil(() => r.bus.snapshot().stats.accepted - before.accepted >= 500, 5_000);
    const stats = r.bus.snapshot().stats;
    expect(stats.accepted - before.accepted).toBe(500);
    expect(stats.lost - before.lost).toBe(0);
    expect(stats.duplicates - before.duplicates).toBe(0);
    expect(r.gateway.batchStats!.batches).toBeGreaterThanOrEqual(10);
    expect(r.gateway.batchStats!.batches).toBeLessThan(30);
    expect(r.gateway.stats).toMatchObject({ publishRefused: 0 });
    expect(r.bus.snapshot().controllers.find((c) => c.id === 'flood-01')?.online).toBe(true);
  });

  it('counts the receive queue of a batching gateway in batches, so it holds as many records, not 100× as many', () => {
    expect(receiveHighWaterMarkFor(250_000, undefined)).toBe(250_000);
    expect(receiveHighWaterMarkFor(250_000, 1)).toBe(250_000);
    expect(receiveHighWaterMarkFor(250_000, 100)).toBe(2_500);
    expect(receiveHighWaterMarkFor(250_000, 1000)).toBe(1_000);
  });

  it('a batch that never arrives shows as a gap of all its records; a replayed batch as duplicates', async () => {
    const r = await rig();
    await joined(r);
    await settled(r);
    const before = r.bus.snapshot().stats;
    r.gateway.publishRaw(batch(range('flood-01', 'gap', 0, 10)));
    // Records 10–19 "lost on the way": never sent.
    r.gateway.publishRaw(batch(range('flood-01', 'gap', 20, 30)));
    r.gateway.publishRaw(batch(range('flood-01', 'gap', 20, 30)));
    await waitUntil(() => r.bus.snapshot().stats.duplicates - before.duplicates >= 10, 5_000);
    const stats = r.bus.snapshot().stats;
    expect(stats.accepted - before.accepted).toBe(20);
    expect(stats.lost - before.lost).toBe(10);
    expect(stats.duplicates - before.duplicates).toBe(10);
  });

  it('accepts single-record and batched senders side by side, even for the same controller', async () => {
    const r = await rig({ batching: { maxRecords: 20, maxDelayMs: 2 } });
    // An older gateway (one record per message) for the same station and another controller.
    const old = await ControllerGateway.start({ keys: r.gatewayKeys, trustedStations: new Set([r.station.publicKey]), runner: r.runner });
    cleanups.push(() => old.dispose());
    r.bus.connect({ ...old.endpoints, publicKey: r.gatewayKeys.publicKey });
    let n = 0;
    await waitUntil(() => {
      old.publish([hbOf('int-01', 'old', n++)]);
      return r.bus.stats.accepted > 0;
    }, 5_000, 20);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = r.bus.snapshot().stats;
    await waitUntil(() => {
      r.gateway.publish([hbOf('flood-01', 'new', 0)]);
      return r.bus.snapshot().stats.accepted > before.accepted;
    }, 5_000, 20);
    await settled(r, old);
    const start = r.bus.snapshot().stats;
    // flood-01 alternates single frames and batches on one gateway; int-01 stays single on the other.
    for (let i = 0; i < 5; i++) {
      r.gateway.publishRaw(['hb.flood-01', JSON.stringify(hbOf('flood-01', 'mix', i * 11))]);
      r.gateway.publishRaw(batch(range('flood-01', 'mix', i * 11 + 1, i * 11 + 11)));
      old.publish(range('int-01', 'old', n, n + 10));
      n += 10;
    }
    await waitUntil(() => r.bus.snapshot().stats.accepted - start.accepted >= 105, 5_000);
    const stats = r.bus.snapshot().stats;
    expect(stats.accepted - start.accepted).toBe(105);
    expect(stats.lost - start.lost).toBe(0);
    expect(stats.duplicates - start.duplicates).toBe(0);
  });

  it('refuses hostile batches as a whole, refuses bad records alone, counts each, and keeps going', async () => {
    const r = await rig();
    await joined(r);
    await settled(r);
    const before = r.bus.snapshot().stats;
    const good = (seq: number) => hbOf('flood-01', 'h', seq);
    // Whole batch refused: too many bytes, too many records, header and body disagree, unknown version, garbage header.
    r.gateway.publishRaw(batch([good(0), { ...good(1), type: 'event', data: { name: 'x', at: 1, offline: false, detail: { pad: 'x'.repeat(60_000) } } } as TelemetryMessage, ...range('flood-01', 'h', 2, 12).map((m) => JSON.stringify({ ...m, data: { ...m.data, pad: 'y'.repeat(50_000) } }))]));
    r.gateway.publishRaw(batch(range('flood-01', 'h', 0, 3), 1001));
    r.gateway.publishRaw(['batch', batchHeader(1001), range('flood-01', 'h', 0, 1001).map((m) => JSON.stringify(m)).join('\n')]);
    r.gateway.publishRaw(batch(range('flood-01', 'h', 0, 3), 2));
    r.gateway.publishRaw(batch(range('flood-01', 'h', 0, 3), 4));
    r.gateway.publishRaw(['batch', '{"v":3,"type":"batch","n":1}', JSON.stringify(good(0))]);
    r.gateway.publishRaw(['batch', 'not a header', JSON.stringify(good(0))]);
    r.gateway.publishRaw(['batch', '{"v":2,"type":"batch","n":0}', '']);
    r.gateway.publishRaw(['signal.int-01', batchHeader(1), JSON.stringify(good(0))]);
    r.gateway.publishRaw(['batch', batchHeader(1), JSON.stringify(good(0)), 'extra']);
    await r.gateway.flush();
    // One batch of 8 records: 3 good, one not JSON, one of schema v2, one with a bad field, one too big, one empty.
    r.gateway.publishRaw(
      batch([good(0), 'this is {not json', { ...good(1), v: 2 } as unknown as TelemetryMessage, good(2), { ...good(3), seq: 'three' } as unknown as TelemetryMessage, JSON.stringify({ ...good(4), pad: 'z'.repeat(70_000) }), '', good(5)]),
    );
    await waitUntil(() => r.bus.snapshot().stats.accepted - before.accepted >= 3, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stats = r.bus.snapshot().stats;
    const delta = (k: 'oversized' | 'malformed' | 'unknownVersion' | 'invalid' | 'accepted') => stats[k] - before[k];
    // Whole batches: 3 oversized (bytes, header n, body count), 6 malformed (count mismatch ×2, garbage
    // header, n = 0, three frames on a non-batch topic, four frames), 1 unknownVersion.
    // Records of the mixed batch: 2 malformed (not JSON, empty), 1 unknownVersion, 1 invalid, 1 oversized.
    expect({ oversized: delta('oversized'), malformed: delta('malformed'), unknownVersion: delta('unknownVersion'), invalid: delta('invalid'), accepted: delta('accepted') }).toEqual({
      oversized: 4,
      malformed: 8,
      unknownVersion: 2,
      invalid: 1,
      accepted: 3,
    });
    // The refused records left a gap in flood-01's numbering: counted, not silent.
    expect(stats.lost - before.lost).toBe(3);
    // And the bus still works.
    r.gateway.publish([r.hb()]);
    await waitUntil(() => r.bus.snapshot().stats.accepted - before.accepted >= 4, 5_000);
    expect(r.bus.snapshot().controllers.find((c) => c.id === 'flood-01')?.online).toBe(true);
  });
});

describe('field bus commands', () => {
  it('answers accepted then done, and a replayed id from memory without running it again', async () => {
    const r = await rig();
    const client = new CommandClient({ endpoint: r.gateway.endpoints.commands, serverKey: r.gatewayKeys.publicKey, keys: r.station });
    cleanups.push(() => client.dispose());
    client.start();
    const progress: string[] = [];
    const first = await client.send({ id: 'cmd-00000001', target: 'int-01', op: { type: 'signal.setPlan', planId: 'P2' }, issuedBy: 't', timeoutMs: 3_000 }, (reply) => progress.push(reply.status));
    expect(first).toMatchObject({ status: 'done', attempts: 1 });
    expect(progress).toEqual(['accepted', 'done']);
    const replay = await client.send({ id: 'cmd-00000001', target: 'int-01', op: { type: 'signal.setPlan', planId: 'P2' }, issuedBy: 't', timeoutMs: 3_000 });
    expect(replay).toMatchObject({ status: 'done', reply: { duplicate: true } });
    expect(r.runner.executed).toHaveLength(1);
  });

  it('times out on a controller that never answers, and a retry runs the command exactly once', async () => {
    const r = await rig();
    await joined(r);
    r.runner.reachable = false;
    const started = Date.now();
    const record = await r.bus.request({ targetId: 'int-01', op: { type: 'signal.setPlan', planId: 'P3' }, actor: 'trucban' });
    expect(record.status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.runner.executed).toHaveLength(0);
    expect(r.audit.records.at(-1)).toMatchObject({ action: 'field.reply', result: 'timeout' });

    r.runner.reachable = true;
    const retried = await r.bus.retry(record.id, 'trucban');
    expect(retried).toMatchObject({ id: record.id, status: 'done', attempts: 2 });
    const again = await r.bus.request({ targetId: 'int-01', op: { type: 'signal.skip', phaseIndex: 1 }, actor: 'trucban' });
    expect(again).toMatchObject({ status: 'failed', reply: { code: 'REJECTED', reason: 'not now' } });
    expect(r.runner.executed.map((c) => c.id)).toEqual([record.id, again.id]);
  });

  it('refuses malformed, unknown-version, oversized and expired commands with a typed reply', async () => {
    const r = await rig();
    const dealer = await rawDealer(r);
    expect(await exchange(dealer, '{"v":1,')).toMatchObject({ id: null, status: 'failed', code: 'MALFORMED' });
    expect(await exchange(dealer, JSON.stringify({ v: 7, id: 'future-cmd-1' }))).toMatchObject({ id: 'future-cmd-1', code: 'UNSUPPORTED_VERSION' });
    expect(await exchange(dealer, 'x'.repeat(70_000))).toMatchObject({ code: 'TOO_LARGE' });
    const expired: CommandMessage = { v: 1, type: 'command', id: 'late-cmd-01', attempt: 1, target: 'int-01', deadline: Date.now() - 1_000, issuedBy: 't', op: { type: 'signal.advance' } };
    expect(await exchange(dealer, encodeMessage(expired))).toMatchObject({ id: 'late-cmd-01', code: 'EXPIRED' });
    // Replaying the expired id gets the same refusal, not a late execution.
    expect(await exchange(dealer, encodeMessage({ ...expired, deadline: Date.now() + 5_000 }))).toMatchObject({ code: 'EXPIRED', duplicate: true });
    expect(r.runner.executed).toHaveLength(0);
  });

  it('holds a dangerous command for a supervisor, then sends it and audits the answer', async () => {
    const r = await rig();
    await joined(r);
    const pending = await r.bus.request({ targetId: 'int-01', op: { type: 'signal.setMode', mode: 'manual', revertAfterMin: 5 }, actor: 'trucban' });
    expect(pending).toMatchObject({ status: 'awaitingConfirmation', needsConfirmation: true });
    expect(r.runner.executed).toHaveLength(0);
    const done = await r.bus.confirm(pending.id, 'giamsat');
    expect(done).toMatchObject({ status: 'done', confirmedBy: 'giamsat', requestedBy: 'trucban' });
    expect(r.runner.executed[0]).toMatchObject({ issuedBy: 'giamsat', op: { mode: 'manual' } });
    expect(r.audit.records.at(-1)).toMatchObject({ actor: 'giamsat', action: 'field.reply', result: 'done' });
    await expect(r.bus.confirm(pending.id, 'giamsat')).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});

describe('CURVE trust', () => {
  it('a gateway refuses a station whose key it does not trust, and nothing flows', async () => {
    const r = await rig({ trustStation: false });
    await waitUntil(() => r.gateway.authDenied > 0 && r.bus.stats.authFailures > 0, 5_000);
    r.gateway.publish([r.hb()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.bus.stats.accepted).toBe(0);
  });

  it('a station refuses a gateway key it does not trust before connecting', async () => {
    const r = await rig();
    expect(() => r.bus.connect({ telemetry: 'tcp://127.0.0.1:1', commands: 'tcp://127.0.0.1:2', publicKey: curveKeyPair().publicKey })).toThrow(/not in the station's trusted keys/);
  });

  it('a gateway holding someone else\'s public key cannot complete the handshake', async () => {
    const trusted = curveKeyPair();
    const impostor = { publicKey: trusted.publicKey, secretKey: curveKeyPair().secretKey };
    const r = await rig({ gatewayKeys: impostor });
    await waitUntil(() => r.bus.stats.authFailures > 0, 5_000);
    r.gateway.publish([r.hb()]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.bus.stats.accepted).toBe(0);
  });
});

describe('field bus storage', () => {
  it('writes telemetry (not heartbeats) to DuckDB in batches', async () => {
    const store = await StoreService.open({ path: ':memory:', migrations: [...coreMigrations, ...fieldMigrations] });
    cleanups.push(() => store.dispose());
    const recorder = new FieldRecorder(store, { batchRows: 50, maxDelayMs: 50 });
    const r = await rig({ recorder });
    await joined(r);
    const states = Array.from({ length: 120 }, (_, i): TelemetryMessage => ({ v: 1, src: 'flood-01', boot: 'b1', seq: i, ts: Date.now(), type: 'event', data: { name: 'x', at: i, offline: false, detail: {} } }));
    r.gateway.publish(states);
    await waitUntil(() => recorder.stored >= 120, 5_000);
    const rows = await store.all<{ n: number; types: number }>(`SELECT count(*) AS n, count(DISTINCT type) AS types FROM field_telemetry`);
    expect(rows[0]).toEqual({ n: 120, types: 1 });
    await recorder.dispose();
  });
});
