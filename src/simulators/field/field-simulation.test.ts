import { describe, expect, it } from 'vitest';
import type { CommandMessage, TelemetryMessage } from '../../shared/domain/field-protocol';
import type { Scenario } from '../../shared/domain/field-scenario';
import { lateEvening, makeSimulation, run } from './test-support';

const cmd = (target: string, op: CommandMessage['op']): Pick<CommandMessage, 'target' | 'op'> => ({ target, op });
const ofType = <T extends TelemetryMessage['type']>(messages: TelemetryMessage[], type: T, src?: string) =>
  messages.filter((m): m is Extract<TelemetryMessage, { type: T }> => m.type === type && (!src || m.src === src));

describe('FieldSimulation', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = JSON.stringify(run(makeSimulation(), lateEvening, 120_000, 250));
    const b = JSON.stringify(run(makeSimulation(), lateEvening, 120_000, 250));
    const c = JSON.stringify(run(makeSimulation({ seed: 8 }), lateEvening, 120_000, 250));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('publishes heartbeats, states and vehicle counts with gap-free sequence numbers per controller', () => {
    const messages = run(makeSimulation(), lateEvening, 20_000);
    expect(ofType(messages, 'hb', 'int-01').length).toBeGreaterThanOrEqual(19);
    expect(ofType(messages, 'signal.state', 'int-01').length).toBeGreaterThan(5);
    expect(ofType(messages, 'light.state', 'cab-hv-01').length).toBeGreaterThan(0);
    expect(ofType(messages, 'flood.state', 'flood-01').length).toBeGreaterThan(5);
    expect(ofType(messages, 'count.vehicles', 'int-01')[0]!.data.perPhase).toHaveLength(2);
    const seqs = messages.filter((m) => m.src === 'int-03').map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
  });

  it('cycles through green, yellow and all-red on every phase', () => {
    const states = ofType(run(makeSimulation(), lateEvening, 200_000, 200), 'signal.state', 'int-06').map((m) => `${m.data.phaseIndex}:${m.data.interval}`);
    for (const expected of ['0:green', '0:yellow', '0:allRed', '1:green', '1:yellow', '1:allRed']) expect(states).toContain(expected);
  });

  it('ends manual control by itself after the minutes it was given', () => {
    const sim = makeSimulation();
    sim.advance(lateEvening + 1_000);
    expect(sim.execute(cmd('int-02', { type: 'signal.setMode', mode: 'manual', revertAfterMin: 1 }))).toEqual({ ok: true });
    const during = ofType(run(sim, lateEvening + 1_000, 50_000), 'signal.state', 'int-02');
    expect(during.at(-1)!.data).toMatchObject({ mode: 'manual', revertTo: 'fixed', remainingS: null });
    const after = run(sim, lateEvening + 51_000, 20_000);
    expect(ofType(after, 'signal.state', 'int-02').at(-1)!.data).toMatchObject({ mode: 'fixed', manualUntil: null });
    expect(ofType(after, 'event', 'int-02').map((e) => e.data.name)).toContain('mode.reverted');
  });

  it('applies adaptive splits at the next cycle boundary, and refuses splits that do not fit the cycle', () => {
    const sim = makeSimulation();
    sim.advance(lateEvening + 100);
    expect(sim.execute(cmd('int-01', { type: 'signal.applyTiming', cycleS: 95, greenS: [60, 30] }))).toMatchObject({ ok: false, code: 'INVALID' });
    expect(sim.execute(cmd('int-01', { type: 'signal.applyTiming', cycleS: 95, greenS: [50, 35] }))).toEqual({ ok: true });
    const states = ofType(run(sim, lateEvening + 100, 2 * 95_000 + 5_000), 'signal.state', 'int-01');
    expect(states.at(-1)!.data).toMatchObject({ planId: 'adaptive', cycleS: 95 });
    expect(states.at(-1)!.data.plan.phases.map((p) => p.greenS)).toEqual([50, 35]);
  });

  it('fires sirens locally while the link is cut, and sends what happened once it is back', () => {
    const scenario: Scenario = {
      name: 'drill',
      title: 'drill',
      description: '',
      floodTimeScale: 120,
      steps: [
        { atS: 0, action: { do: 'link', up: false, scope: 'flood' } },
        { atS: 0, action: { do: 'rain', mmH: 150 } },
      ],
    };
    const sim = makeSimulation({ scenarios: [scenario] });
    expect(sim.execute(cmd('sim', { type: 'sim.scenario', name: 'drill' }))).toEqual({ ok: true });
    const cut = run(sim, lateEvening, 240_000, 500);
    expect(cut.filter((m) => m.src.startsWith('flood-'))).toEqual([]);
    expect(cut.some((m) => m.src === 'int-01')).toBe(true);
    expect(sim.execute(cmd('flood-01', { type: 'flood.siren', action: 'silence' }))).toBe('unreachable');

    sim.setLink('flood', true);
    const back = run(sim, lateEvening + 240_000, 2_000);
    const events = ofType(back, 'event', 'flood-01').map((e) => e.data);
    expect(events.filter((e) => e.name === 'level.changed').map((e) => e.detail.to)).toEqual([1, 2, 3]);
    expect(events.find((e) => e.name === 'warning.auto')).toMatchObject({ offline: true, detail: { device: 'siren', level: 2 } });
    expect(ofType(back, 'flood.state', 'flood-01').at(-1)!.data).toMatchObject({ level: 3, device: { active: true, cause: 'auto' } });
    // The gauge without a siren fires its warning board instead.
    expect(ofType(back, 'flood.state', 'flood-12').at(-1)!.data.device).toMatchObject({ kind: 'board', active: true });
  });

  it('silences a siren until the water reaches a higher level, and runs pumps on command', () => {
    const scenario: Scenario = {
      name: 'levels',
      title: 'levels',
      description: '',
      floodTimeScale: 1,
      steps: [
        { atS: 0, action: { do: 'waterLevel', gaugeId: 'flood-03', levelM: 3.9 } },
        { atS: 10, action: { do: 'waterLevel', gaugeId: 'flood-03', levelM: 4.9 } },
      ],
    };
    const sim = makeSimulation({ scenarios: [scenario] });
    sim.advance(lateEvening + 100);
    sim.execute(cmd('sim', { type: 'sim.scenario', name: 'levels' }));
    // flood-03: thresholds 2.8 / 3.8 / 4.8, fires by itself at level 2.
    expect(ofType(run(sim, lateEvening + 100, 1_000), 'flood.state', 'flood-03').at(-1)!.data).toMatchObject({ level: 2, device: { active: true, cause: 'auto' } });
    expect(sim.execute(cmd('flood-03', { type: 'flood.siren', action: 'silence' }))).toEqual({ ok: true });
    expect(ofType(run(sim, lateEvening + 1_100, 3_000), 'flood.state', 'flood-03').at(-1)!.data.device).toMatchObject({ active: false, silencedAtLevel: 2 });
    expect(ofType(run(sim, lateEvening + 4_100, 8_000), 'flood.state', 'flood-03').at(-1)!.data).toMatchObject({ level: 3, device: { active: true, cause: 'auto', silencedAtLevel: null } });
    expect(sim.execute(cmd('flood-03', { type: 'flood.pump', pumpId: 'nope', run: true, auto: false }))).toMatchObject({ ok: false, code: 'INVALID' });
    expect(sim.execute(cmd('flood-03', { type: 'flood.pump', pumpId: 'flood-03-pump-1', run: false, auto: false }))).toEqual({ ok: true });
    expect(ofType(run(sim, lateEvening + 12_100, 3_000), 'flood.state', 'flood-03').at(-1)!.data.pumps).toEqual([{ id: 'flood-03-pump-1', running: false, auto: false }]);
  });

  it('meters energy and saves against full power when dimmed', () => {
    const sim = makeSimulation();
    const full = ofType(run(sim, lateEvening, 60_000, 1_000), 'light.state', 'cab-hv-01').at(-1)!.data;
    expect(full.levelSource).toBe('schedule');
    expect(full.dimPct).toBe(70);
    expect(sim.execute(cmd('cab-hv-01', { type: 'light.set', dimPct: 40 }))).toEqual({ ok: true });
    const dimmed = ofType(run(sim, lateEvening + 60_000, 3_600_000, 10_000), 'light.state', 'cab-hv-01').at(-1)!.data;
    expect(dimmed).toMatchObject({ mode: 'manual', dimPct: 40 });
    expect(dimmed.powerW).toBeLessThan(dimmed.fullPowerW * 0.5);
    const saving = 1 - dimmed.energyKWh / dimmed.baselineKWh;
    expect(saving).toBeGreaterThan(0.4);
    expect(saving).toBeLessThan(0.65);
    expect(sim.execute(cmd('cab-hv-01', { type: 'light.set', dimPct: 10, circuitId: 'Z' }))).toMatchObject({ ok: false });
  });

  it('answers commands for the wrong kind or an unknown target with a clear refusal', () => {
    const sim = makeSimulation();
    expect(sim.execute(cmd('cab-hv-01', { type: 'flood.siren', action: 'trigger' }))).toMatchObject({ ok: false, code: 'INVALID' });
    expect(sim.execute(cmd('int-99', { type: 'signal.advance' }))).toMatchObject({ ok: false, code: 'UNKNOWN_TARGET' });
    expect(sim.execute(cmd('sim', { type: 'signal.advance' }))).toMatchObject({ ok: false, code: 'UNKNOWN_TARGET' });
    expect(sim.execute(cmd('sim', { type: 'sim.scenario', name: 'missing' }))).toMatchObject({ ok: false, code: 'INVALID' });
    expect(sim.execute(cmd('int-01', { type: 'signal.advance' }))).toMatchObject({ ok: false, code: 'REJECTED' });
  });
});
