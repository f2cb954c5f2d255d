import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelemetryMessage } from '../../../shared/domain/field-protocol';
import { lateEvening, makeSimulation, run } from '../../../simulators/field/test-support';
import { coreMigrations } from '../store/migrations';
import { StoreService } from '../store/store-service';
import { fieldMigrations } from './field-migrations';
import { FieldRecorder } from './field-recorder';
import { sameState } from './same-state';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function openStore(path = ':memory:', migrations = [...coreMigrations, ...fieldMigrations]): Promise<StoreService> {
  const store = await StoreService.open({ path, migrations });
  cleanups.push(() => store.dispose());
  return store;
}

interface HistoryRow {
  controller_id: string;
  type: string;
  boot: string;
  seq: number;
  data: string;
}

async function history(store: StoreService): Promise<HistoryRow[]> {
  return store.all<HistoryRow>(`SELECT controller_id, type, boot, seq, data::VARCHAR AS data FROM field_telemetry_history ORDER BY received_at, controller_id, type, seq`);
}

/** What the history says each record's data was, by "src/type/boot/seq". */
async function dataByRecord(store: StoreService): Promise<Map<string, unknown>> {
  return new Map((await history(store)).map((r) => [`${r.controller_id}/${r.type}/${r.boot}/${r.seq}`, JSON.parse(r.data)]));
}

async function textRows(store: StoreService): Promise<number> {
  const rows = await store.all<{ n: number }>(`SELECT count(payload) AS n FROM field_telemetry`);
  return rows[0]!.n;
}

const key = (m: TelemetryMessage) => `${m.src}/${m.type}/${m.boot}/${m.seq}`;

function signal(seq: number, overrides: Record<string, unknown> = {}, boot = 'b1'): TelemetryMessage {
  const data = {
    mode: 'fixed',
    planId: 'P1',
    planIds: ['P1', 'P2'],
    plan: { id: 'P1', name: 'Giờ cao điểm', offsetS: 0, phases: [
      { name: 'Lê Duẩn', greenS: 55, yellowS: 3, allRedS: 2, minGreenS: 15, maxGreenS: 90 },
      { name: 'Hàm Nghi', greenS: 30, yellowS: 3, allRedS: 2, minGreenS: 10, maxGreenS: 60 },
    ] },
    cycleS: 95,
    phaseIndex: seq % 2,
    interval: 'green',
    remainingS: (seq * 7.3) % 55,
    cycleSecond: (seq * 0.1 + 1 / 3) % 95,
    heldPhase: null,
    skipPhases: [],
    manualUntil: null,
    revertTo: null,
    ...overrides,
  };
  return { v: 1, src: 'int-01', boot, seq, ts: lateEvening + seq * 100, type: 'signal.state', data } as TelemetryMessage;
}

describe('field telemetry storage', () => {
  it('gives back every record of every type as it was sent, storing text only where a state changed', async () => {
    const store = await openStore();
    const recorder = new FieldRecorder(store, { batchRows: 500, maxDelayMs: 10_000 });
    const sim = makeSimulation();
    const events: TelemetryMessage[] = [0, 1].map((seq) => ({
      v: 1, src: 'flood-99', boot: 'b1', seq, ts: lateEvening, type: 'event',
      data: { name: 'siren.auto', at: lateEvening + seq, offline: seq === 1, detail: { level: 2, note: 'Ngập "sâu"', ok: true, none: null } },
    }));
    // As the station has them: parsed from the text sent (where -0 became 0, for one).
    const messages = [...events, ...run(sim, lateEvening, 600_000, 1_000)]
      .filter((m) => m.type !== 'hb')
      .map((m) => JSON.parse(JSON.stringify(m)) as TelemetryMessage);
    const types = new Set(messages.map((m) => m.type));
    expect(types).toEqual(new Set(['signal.state', 'light.state', 'flood.state', 'count.vehicles', 'event']));
    messages.forEach((m, i) => recorder.telemetryMessage(m, JSON.stringify(m), lateEvening + i));
    await recorder.dispose();
    const stored = await dataByRecord(store);
    expect(stored.size).toBe(messages.length);
    for (const m of messages) expect(stored.get(key(m)), key(m)).toEqual(m.data);
    // Most records of a periodic state share it with the one before: a fraction carry text.
    const text = await textRows(store);
    expect(text).toBe(recorder.stateRows);
    const signals = messages.filter((m) => m.type === 'signal.state').length;
    expect(recorder.stateRows).toBeLessThan(messages.length - signals / 2);
  });

  it('stores text again when the state changes, on a new boot and for each type of one controller', async () => {
    const store = await openStore();
    const recorder = new FieldRecorder(store, { batchRows: 500, maxDelayMs: 10_000 });
    const counts = (seq: number): TelemetryMessage => ({ v: 1, src: 'int-01', boot: 'b1', seq, ts: lateEvening, type: 'count.vehicles', data: { intersectionId: 'int-01', periodS: 15, perPhase: [3, 4], source: 'loop' } });
    const messages = [
      signal(0),
      signal(1),
      signal(2, { remainingS: null, interval: 'allRed' }),
      counts(3),
      signal(4),
      counts(5),
      signal(6, { mode: 'manual', manualUntil: lateEvening + 600_000, revertTo: 'fixed' }),
      signal(7, { mode: 'manual', manualUntil: lateEvening + 600_000, revertTo: 'fixed' }),
      signal(8, { plan: { ...(signal(0).data as { plan: object }).plan, offsetS: 20 } }),
      signal(9, { plan: { ...(signal(0).data as { plan: object }).plan, offsetS: 20 } }),
      signal(0, {}, 'b2'),
      signal(1, {}, 'b2'),
    ];
    messages.forEach((m, i) => recorder.telemetryMessage(m, JSON.stringify(m), lateEvening + i));
    await recorder.flush();
    const rows = await store.all<{ seq: number; boot: string; text: boolean; state_seq: number }>(
      `SELECT seq, boot, payload IS NOT NULL AS text, state_seq FROM field_telemetry ORDER BY received_at`,
    );
    expect(rows.map((r) => r.text)).toEqual([true, false, false, true, false, false, true, false, true, false, true, false]);
    expect(rows.map((r) => r.state_seq)).toEqual([0, 0, 0, 3, 0, 3, 6, 6, 8, 8, 0, 0]);
    const stored = await dataByRecord(store);
    for (const m of messages) expect(stored.get(key(m)), key(m)).toEqual(m.data);
  });

  it('a refused state row is not pointed at: the next record carries its own text', async () => {
    const store = await openStore();
    const recorder = new FieldRecorder(store, { batchRows: 100, maxDelayMs: 10_000, maxPendingRows: 2 });
    recorder.telemetryMessage(signal(0), JSON.stringify(signal(0)), lateEvening);
    recorder.telemetryMessage(signal(1), JSON.stringify(signal(1)), lateEvening + 1);
    const changed = (seq: number) => signal(seq, { mode: 'actuated' });
    recorder.telemetryMessage(changed(2), JSON.stringify(changed(2)), lateEvening + 2);
    expect(recorder.dropped).toBe(1);
    await recorder.flush();
    recorder.telemetryMessage(changed(3), JSON.stringify(changed(3)), lateEvening + 3);
    recorder.telemetryMessage(changed(4), JSON.stringify(changed(4)), lateEvening + 4);
    await recorder.flush();
    const rows = await store.all<{ seq: number; text: boolean }>(`SELECT seq, payload IS NOT NULL AS text FROM field_telemetry ORDER BY seq`);
    expect(rows).toEqual([{ seq: 0, text: true }, { seq: 1, text: false }, { seq: 3, text: true }, { seq: 4, text: false }]);
    const stored = await dataByRecord(store);
    for (const m of [signal(0), signal(1), changed(3), changed(4)]) expect(stored.get(key(m))).toEqual(m.data);
  });

  it('upgrades a database of version 101: its rows keep their text and read back beside new ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-field-recorder-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'old.duckdb');
    const old = await StoreService.open({ path, migrations: [...coreMigrations, ...fieldMigrations.filter((m) => m.version <= 101)] });
    const before = [signal(0), signal(1), signal(2)];
    await old.appendRows(
      'field_telemetry',
      ['received_at', 'source_ts', 'controller_id', 'type', 'boot', 'seq', 'payload'],
      before.map((m, i) => [new Date(lateEvening + i), new Date(m.ts), m.src, m.type, m.boot, m.seq, JSON.stringify(m)]),
    );
    await old.dispose();

    const store = await openStore(path);
    const recorder = new FieldRecorder(store);
    const after = [signal(3), signal(4)];
    after.forEach((m, i) => recorder.telemetryMessage(m, JSON.stringify(m), lateEvening + 10 + i));
    await recorder.flush();
    const stored = await dataByRecord(store);
    expect(stored.size).toBe(5);
    for (const m of [...before, ...after]) expect(stored.get(key(m))).toEqual(m.data);
    const text = await textRows(store);
    expect(text).toBe(4);
  });
  it('a backup of the database keeps the history view working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-field-recorder-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore(join(dir, 'live.duckdb'));
    const recorder = new FieldRecorder(store);
    const messages = [signal(0), signal(1), signal(2, { mode: 'actuated' })];
    messages.forEach((m, i) => recorder.telemetryMessage(m, JSON.stringify(m), lateEvening + i));
    await recorder.flush();
    await store.copyDatabaseTo(join(dir, 'backup.duckdb'));
    const copy = await openStore(join(dir, 'backup.duckdb'));
    const stored = await dataByRecord(copy);
    for (const m of messages) expect(stored.get(key(m))).toEqual(m.data);
  });
});

describe('sameState', () => {
  it('compares JSON structurally, ignoring the given keys and key order', () => {
    const a = { x: 1, y: [1, { z: null }], t: 5 };
    expect(sameState(a, { y: [1, { z: null }], x: 1, t: 6 }, new Set(['t']))).toBe(true);
    expect(sameState(a, { y: [1, { z: null }], x: 1, t: 6 }, undefined)).toBe(false);
    expect(sameState(a, { x: 1, y: [1, { z: 0 }], t: 5 }, undefined)).toBe(false);
    expect(sameState(a, { x: 1, y: [1, { z: null }, 2], t: 5 }, undefined)).toBe(false);
    expect(sameState(a, { x: 1, y: [1, { z: null }] }, new Set(['t']))).toBe(true);
    expect(sameState(a, { x: 1, y: [1, { z: null }], t: 5, extra: null }, new Set(['t']))).toBe(false);
    expect(sameState({ o: {} }, { o: [] }, undefined)).toBe(false);
    expect(sameState({ o: '1' }, { o: 1 }, undefined)).toBe(false);
    // A key `b` lacks but Object.prototype has is still a difference.
    expect(sameState(JSON.parse('{"toString":{},"constructor":1}') as Record<string, unknown>, { x: {}, y: 1 }, undefined)).toBe(false);
    expect(sameState(JSON.parse('{"constructor":{}}') as Record<string, unknown>, {}, undefined)).toBe(false);
  });
});
