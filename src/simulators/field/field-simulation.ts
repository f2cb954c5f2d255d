import type { CityAssets } from '../../shared/domain/city';
import { kindOfCommand, type ControllerKind } from '../../shared/domain/field-commands';
import type { CommandMessage, ControllerEvent, TelemetryMessage } from '../../shared/domain/field-protocol';
import type { Site } from '../../shared/domain/field-schedule';
import type { Scenario, ScenarioAction } from '../../shared/domain/field-scenario';
import { demoPlans } from './demo-plans';
import { FloodGauge } from './flood-gauge';
import { LightingCabinet } from './lighting-cabinet';
import type { CommandOutcome, EventDetail } from './outcome';
import { Rng } from './rng';
import { SignalController } from './signal-controller';

export interface SimulationConfig {
  seed: number;
  /** Epoch ms the simulation starts at. */
  startMs: number;
  assets: Pick<CityAssets, 'intersections' | 'lightingCabinets' | 'lamps' | 'floodGauges'>;
  site: Site;
  scenarios?: readonly Scenario[];
  heartbeatMs?: number;
  countPeriodS?: number;
  /** Events a controller keeps while its link is down; beyond it the oldest go (and that is reported). */
  outboxLimit?: number;
}

type LinkScope = 'all' | Exclude<ControllerKind, 'sim'>;
type Body = TelemetryMessage extends infer M ? (M extends { type: infer T; data: infer D } ? { type: T; data: D } : never) : never;

const KEEPALIVE_MS: Record<Exclude<ControllerKind, 'sim'>, number> = { signal: 2_000, lighting: 5_000, flood: 2_000 };

interface Controller {
  id: string;
  kind: Exclude<ControllerKind, 'sim'>;
  linkUp: boolean;
  seq: number;
  lastState: number;
  lastHeartbeat: number;
  outbox: ControllerEvent[];
  droppedEvents: number;
}

/**
 * The whole field of the demo city in one deterministic object: for a given seed, the same
 * calls to `advance` and `execute` give the same messages. No sockets, no timers, no clock of
 * its own: the process entry (main.ts) feeds it time and carries its messages over ZeroMQ.
 */
export class FieldSimulation {
  readonly boot: string;
  private readonly controllers = new Map<string, Controller>();
  private readonly signals = new Map<string, SignalController>();
  private readonly cabinets = new Map<string, LightingCabinet>();
  private readonly gauges = new Map<string, FloodGauge>();
  private readonly demand = new Map<string, { base: number[]; factor: number; counted: number[] }>();
  private readonly trafficRng: Rng;
  private readonly heartbeatMs: number;
  private readonly countPeriodMs: number;
  private readonly outboxLimit: number;
  private readonly scenarios: Map<string, Scenario>;
  private scenario: { spec: Scenario; startedAt: number; next: number } | null = null;
  private floodTimeScale = 1;
  private fog = false;
  private cityRainMmH = 0;
  private now: number;
  private lastCount: number;
  private readonly out: TelemetryMessage[] = [];

  constructor(private readonly config: SimulationConfig) {
    const root = new Rng(config.seed);
    this.now = config.startMs;
    this.lastCount = config.startMs;
    this.boot = `${(config.seed >>> 0).toString(36)}-${config.startMs.toString(36)}`;
    this.heartbeatMs = config.heartbeatMs ?? 1_000;
    this.countPeriodMs = (config.countPeriodS ?? 15) * 1000;
    this.outboxLimit = config.outboxLimit ?? 500;
    this.scenarios = new Map((config.scenarios ?? []).map((s) => [s.name, s]));
    this.trafficRng = root.fork('traffic');

    for (const intersection of config.assets.intersections) {
      const plans = demoPlans(intersection);
      this.register(intersection.id, 'signal');
      this.signals.set(intersection.id, new SignalController(intersection.id, plans, this.now, this.emitter(intersection.id)));
      const rng = root.fork(`demand:${intersection.id}`);
      const base = plans[0]!.phases.map((_, i) => (i === 0 ? rng.between(600, 1000) : rng.between(150, 450)));
      this.demand.set(intersection.id, { base, factor: 1, counted: base.map(() => 0) });
    }
    for (const cabinet of config.assets.lightingCabinets) {
      const lamps = config.assets.lamps.filter((l) => l.cabinetId === cabinet.id);
      this.register(cabinet.id, 'lighting');
      this.cabinets.set(cabinet.id, new LightingCabinet(cabinet.id, lamps, config.site, root.fork(`lamps:${cabinet.id}`), this.now, this.emitter(cabinet.id)));
    }
    config.assets.floodGauges.forEach((gauge, i) => {
      this.register(gauge.id, 'flood');
      const spec = { id: gauge.id, thresholdsM: gauge.thresholdsM, hasSiren: gauge.hasSiren, pumps: (i + 1) % 3 === 0 ? 1 : 0, gates: (i + 1) % 4 === 0 ? 1 : 0 };
      this.gauges.set(gauge.id, new FloodGauge(spec, root.fork(`gauge:${gauge.id}`), this.now, this.emitter(gauge.id)));
    });
  }

  get controllerIds(): string[] {
    return [...this.controllers.keys()];
  }

  get scenarioNames(): string[] {
    return [...this.scenarios.keys()];
  }

  get runningScenario(): string | null {
    return this.scenario?.spec.name ?? null;
  }

  isLinkUp(id: string): boolean {
    return this.controllers.get(id)?.linkUp ?? false;
  }

  /** Moves the field to `now` and returns what the controllers whose link is up publish. */
  advance(now: number): TelemetryMessage[] {
    if (now < this.now) now = this.now;
    const elapsedMs = now - this.now;
    this.now = now;
    this.runScenarioSteps(now);
    const weather = { rain: this.cityRainMmH >= 2, fog: this.fog };
    this.trafficStep(now, elapsedMs);
    for (const [id, signal] of this.signals) {
      signal.tick(now);
      this.publishState(id, signal.takeChanged(), () => ({ type: 'signal.state', data: signal.state(now) }));
    }
    for (const [id, cabinet] of this.cabinets) {
      cabinet.tick(now, weather);
      this.publishState(id, cabinet.takeChanged(), () => ({ type: 'light.state', data: cabinet.state(now) }));
    }
    for (const [id, gauge] of this.gauges) {
      gauge.tick(now, this.floodTimeScale);
      this.publishState(id, gauge.takeChanged(), () => ({ type: 'flood.state', data: gauge.state() }));
    }
    for (const c of this.controllers.values()) {
      if (c.linkUp && now - c.lastHeartbeat >= this.heartbeatMs) {
        c.lastHeartbeat = now;
        this.publish(c, { type: 'hb', data: { intervalMs: this.heartbeatMs, linkUp: true, outbox: c.outbox.length } });
      }
    }
    return this.out.splice(0, this.out.length);
  }

  /**
   * Runs one command. `unreachable` means the target's link is down: a real controller would
   * never have received it, so the gateway sends no answer at all.
   */
  execute(command: Pick<CommandMessage, 'target' | 'op'>): CommandOutcome | 'unreachable' {
    const { target, op } = command;
    const kind = kindOfCommand(op);
    if (target === 'sim') return kind === 'sim' ? this.executeSim(op) : { ok: false, code: 'UNKNOWN_TARGET', reason: '"sim" takes only sim.* commands' };
    const controller = this.controllers.get(target);
    if (!controller) return { ok: false, code: 'UNKNOWN_TARGET', reason: `no controller "${target}" on this gateway` };
    if (!controller.linkUp) return 'unreachable';
    if (controller.kind !== kind) return { ok: false, code: 'INVALID', reason: `${target} is a ${controller.kind} controller; ${op.type} does not apply` };
    let outcome: CommandOutcome;
    switch (op.type.split('.')[0]) {
      case 'signal':
        outcome = this.signals.get(target)!.execute(op as Parameters<SignalController['execute']>[0], this.now);
        break;
      case 'light':
        outcome = this.cabinets.get(target)!.execute(op as Parameters<LightingCabinet['execute']>[0]);
        break;
      default:
        outcome = this.gauges.get(target)!.execute(op as Parameters<FloodGauge['execute']>[0], this.now);
    }
    // The answer is followed by the state it produced, not by the next keepalive.
    controller.lastState = Number.NEGATIVE_INFINITY;
    return outcome;
  }

  /** Cuts or restores links; a restored controller first sends what it kept while cut off. */
  setLink(scope: LinkScope, up: boolean): void {
    for (const c of this.controllers.values()) {
      if (scope !== 'all' && c.kind !== scope) continue;
      if (c.linkUp === up) continue;
      c.linkUp = up;
      if (up) this.flushOutbox(c);
    }
  }

  setRain(mmH: number, gaugeIds?: readonly string[]): void {
    this.cityRainMmH = mmH;
    for (const [id, gauge] of this.gauges) {
      if (!gaugeIds || gaugeIds.includes(id)) gauge.setRain(mmH);
    }
  }

  startScenario(name: string): CommandOutcome {
    const spec = this.scenarios.get(name);
    if (!spec) return { ok: false, code: 'INVALID', reason: `no scenario "${name}"; known: ${this.scenarioNames.join(', ') || 'none'}` };
    this.scenario = { spec, startedAt: this.now, next: 0 };
    this.floodTimeScale = spec.floodTimeScale;
    this.runScenarioSteps(this.now);
    return { ok: true };
  }

  stopScenario(): void {
    this.scenario = null;
    this.floodTimeScale = 1;
  }

  private executeSim(op: Parameters<FieldSimulation['execute']>[0]['op']): CommandOutcome {
    switch (op.type) {
      case 'sim.scenario':
        return this.startScenario(op.name);
      case 'sim.stopScenario':
        this.stopScenario();
        return { ok: true };
      case 'sim.link':
        this.setLink(op.scope, op.up);
        return { ok: true };
      case 'sim.rain':
        this.setRain(op.mmH);
        return { ok: true };
      default:
        return { ok: false, code: 'INVALID', reason: `${op.type} is not a simulator command` };
    }
  }

  private runScenarioSteps(now: number): void {
    const running = this.scenario;
    if (!running) return;
    const steps = running.spec.steps;
    while (running.next < steps.length && running.startedAt + steps[running.next]!.atS * 1000 <= now) {
      this.apply(steps[running.next]!.action, now);
      running.next++;
    }
  }

  private apply(action: ScenarioAction, now: number): void {
    switch (action.do) {
      case 'rain':
        return this.setRain(action.mmH, action.gauges);
      case 'fog':
        this.fog = action.on;
        return;
      case 'link':
        return this.setLink(action.scope, action.up);
      case 'lampFault':
        for (const cabinet of this.cabinets.values()) if (cabinet.hasLamp(action.lampId)) cabinet.setLampFault(action.lampId, action.fault);
        return;
      case 'cabinet': {
        const cabinet = this.cabinets.get(action.cabinetId);
        if (action.door) cabinet?.setDoor(action.door);
        if (action.mains) cabinet?.setMains(action.mains);
        return;
      }
      case 'traffic':
        for (const [id, d] of this.demand) if (!action.intersections || action.intersections.includes(id)) d.factor = action.factor;
        return;
      case 'waterLevel':
        this.gauges.get(action.gaugeId)?.setLevel(action.levelM, now);
        return;
    }
  }

  private trafficStep(now: number, elapsedMs: number): void {
    const hours = this.localHour(now);
    const profile = 0.35 + 0.75 * Math.exp(-(((hours - 7.3) / 1.3) ** 2)) + 0.45 * Math.exp(-(((hours - 11.5) / 1.5) ** 2)) + 0.85 * Math.exp(-(((hours - 17.3) / 1.5) ** 2));
    const dtH = elapsedMs / 3_600_000;
    for (const [id, d] of this.demand) {
      const arrivals = d.base.map((q) => this.trafficRng.poisson(q * profile * d.factor * dtH));
      arrivals.forEach((n, i) => (d.counted[i]! += n));
      this.signals.get(id)!.arrive(arrivals);
    }
    if (now - this.lastCount < this.countPeriodMs) return;
    const periodS = Math.max(1, Math.round((now - this.lastCount) / 1000));
    this.lastCount = now;
    for (const [id, d] of this.demand) {
      const c = this.controllers.get(id)!;
      if (c.linkUp) this.publish(c, { type: 'count.vehicles', data: { intersectionId: id, periodS, perPhase: [...d.counted], source: 'simulator' } });
      d.counted = d.counted.map(() => 0);
    }
  }

  private localHour(now: number): number {
    return ((((now / 3_600_000 + this.config.site.utcOffsetMin / 60) % 24) + 24) % 24);
  }

  private register(id: string, kind: Controller['kind']): void {
    this.controllers.set(id, { id, kind, linkUp: true, seq: 0, lastState: Number.NEGATIVE_INFINITY, lastHeartbeat: Number.NEGATIVE_INFINITY, outbox: [], droppedEvents: 0 });
  }

  private emitter(id: string): (name: string, detail: EventDetail) => void {
    return (name, detail) => {
      const c = this.controllers.get(id);
      if (!c) return;
      const event: ControllerEvent = { name, at: this.now, offline: !c.linkUp, detail };
      if (c.linkUp) return this.publish(c, { type: 'event', data: event });
      c.outbox.push(event);
      if (c.outbox.length > this.outboxLimit) {
        c.outbox.shift();
        c.droppedEvents++;
      }
    };
  }

  private flushOutbox(c: Controller): void {
    if (c.droppedEvents > 0) {
      this.publish(c, { type: 'event', data: { name: 'outbox.overflow', at: this.now, offline: true, detail: { dropped: c.droppedEvents } } });
      c.droppedEvents = 0;
    }
    for (const event of c.outbox.splice(0, c.outbox.length)) this.publish(c, { type: 'event', data: event });
    c.lastState = Number.NEGATIVE_INFINITY;
  }

  private publishState(id: string, changed: boolean, body: () => Body): void {
    const c = this.controllers.get(id)!;
    if (!c.linkUp) return;
    if (!changed && this.now - c.lastState < KEEPALIVE_MS[c.kind]) return;
    c.lastState = this.now;
    this.publish(c, body());
  }

  private publish(c: Controller, body: Body): void {
    this.out.push({ v: 1, src: c.id, boot: this.boot, seq: c.seq++, ts: this.now, ...body } as TelemetryMessage);
  }
}
