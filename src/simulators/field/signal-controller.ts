import type { FieldCommandOp } from '../../shared/domain/field-commands';
import { cycleLength, type SignalInterval, type SignalMode, type SignalState, type TimingPlan } from '../../shared/domain/field-signals';
import type { CommandOutcome } from './outcome';

type SignalOp = Extract<FieldCommandOp, { type: `signal.${string}` }>;

/** Longest a phase may be held green from the console before the controller lets go by itself. */
const MAX_HOLD_MS = 10 * 60_000;

/**
 * One intersection's controller: a phase sequence driven by its own clock. Coordinated modes
 * (fixed, adaptive) keep the cycle start on the route's common clock plus the plan's offset,
 * correcting drift by stretching or trimming the first green within its bounds (a transition).
 * Manual mode reverts by itself: the controller, not the console, owns that deadline.
 */
export class SignalController {
  private mode: SignalMode = 'fixed';
  private plan: TimingPlan;
  private planId: string;
  private pending: { plan: TimingPlan; planId: string } | null = null;
  private phase = 0;
  private interval: SignalInterval = 'green';
  private intervalEndsAt: number;
  private cycleStartedAt: number;
  private heldPhase: number | null = null;
  private heldSince = 0;
  private skips = new Set<number>();
  private manualUntil: number | null = null;
  private revertTo: SignalMode | null = null;
  /** Vehicles waiting per phase, for actuated greens. */
  private queue: number[];
  private changed = true;
  private lastTick: number;

  constructor(
    readonly id: string,
    private readonly plans: readonly TimingPlan[],
    now: number,
    private readonly onEvent: (name: string, detail: Record<string, string | number | boolean | null>) => void,
  ) {
    if (plans.length === 0) throw new RangeError(`${id}: a controller needs at least one plan`);
    this.plan = plans[0]!;
    this.planId = this.plan.id;
    this.queue = this.plan.phases.map(() => 0);
    this.cycleStartedAt = now;
    this.lastTick = now;
    this.intervalEndsAt = now + this.greenFor(0, now) * 1000;
  }

  /** Whether anything visible changed since the last call (the controller publishes on change). */
  takeChanged(): boolean {
    const was = this.changed;
    this.changed = false;
    return was;
  }

  arrive(perPhase: readonly number[]): void {
    perPhase.forEach((n, i) => {
      if (i < this.queue.length) this.queue[i] = Math.min(500, this.queue[i]! + n);
    });
  }

  tick(now: number): void {
    if (this.mode === 'flashing' || this.mode === 'off') this.lastTick = now;
    if (this.manualUntil !== null && now >= this.manualUntil) {
      const back = this.revertTo ?? 'fixed';
      this.onEvent('mode.reverted', { from: 'manual', to: back });
      this.manualUntil = null;
      this.revertTo = null;
      this.setModeNow(back, now);
    }
    if (this.heldPhase !== null && now - this.heldSince > MAX_HOLD_MS) {
      this.onEvent('hold.expired', { phase: this.heldPhase });
      this.heldPhase = null;
      this.changed = true;
    }
    if (this.mode === 'flashing' || this.mode === 'off') return;
    if (this.interval === 'green') this.discharge(now - this.lastTick);
    this.lastTick = now;
    // Bounded: each pass ends an interval, and intervals last at least a second.
    for (let guard = 0; guard < 32 && now >= this.intervalEndsAt; guard++) {
      if (this.interval === 'green' && (this.mode === 'manual' || this.heldPhase === this.phase)) {
        this.intervalEndsAt = Number.POSITIVE_INFINITY;
        break;
      }
      this.advanceInterval(this.intervalEndsAt);
    }
  }

  execute(op: SignalOp, now: number): CommandOutcome {
    switch (op.type) {
      case 'signal.setPlan': {
        const plan = this.plans.find((p) => p.id === op.planId);
        if (!plan) return { ok: false, code: 'INVALID', reason: `no plan "${op.planId}" in ${this.id}; it has ${this.plans.map((p) => p.id).join(', ')}` };
        this.pending = { plan: { ...plan, offsetS: this.plan.offsetS }, planId: plan.id };
        return { ok: true };
      }
      case 'signal.setMode':
        if (op.mode === 'manual') {
          if (this.mode !== 'manual') this.revertTo = this.mode === 'flashing' || this.mode === 'off' ? 'fixed' : this.mode;
          this.manualUntil = now + (op.revertAfterMin ?? 10) * 60_000;
        } else {
          this.manualUntil = null;
          this.revertTo = null;
        }
        this.setModeNow(op.mode, now);
        return { ok: true };
      case 'signal.hold':
        if (op.phaseIndex >= this.plan.phases.length) return { ok: false, code: 'INVALID', reason: `phase ${op.phaseIndex} does not exist` };
        this.heldPhase = op.phaseIndex;
        this.heldSince = now;
        this.changed = true;
        return { ok: true };
      case 'signal.release':
        this.heldPhase = null;
        if (this.interval === 'green' && this.intervalEndsAt === Number.POSITIVE_INFINITY && this.mode !== 'manual') {
          this.intervalEndsAt = now;
        }
        this.changed = true;
        return { ok: true };
      case 'signal.skip':
        if (op.phaseIndex >= this.plan.phases.length) return { ok: false, code: 'INVALID', reason: `phase ${op.phaseIndex} does not exist` };
        if (this.skips.size + 1 >= this.plan.phases.length) return { ok: false, code: 'REJECTED', reason: 'skipping would leave no phase to serve' };
        this.skips.add(op.phaseIndex);
        this.changed = true;
        return { ok: true };
      case 'signal.advance':
        if (this.mode !== 'manual') return { ok: false, code: 'REJECTED', reason: 'advance works only in manual mode' };
        if (this.interval === 'green') this.intervalEndsAt = now;
        return { ok: true };
      case 'signal.applyTiming': {
        if (op.greenS.length !== this.plan.phases.length) return { ok: false, code: 'INVALID', reason: `plan has ${this.plan.phases.length} phases, got ${op.greenS.length} greens` };
        const phases = this.plan.phases.map((p, i) => ({ ...p, greenS: op.greenS[i]! }));
        const plan = { ...this.plan, id: 'adaptive', name: 'Adaptive', phases };
        if (cycleLength(plan) !== op.cycleS) return { ok: false, code: 'INVALID', reason: `greens and clearances add to ${cycleLength(plan)} s, not the cycle of ${op.cycleS} s` };
        this.pending = { plan, planId: 'adaptive' };
        return { ok: true };
      }
      case 'signal.coordinate': {
        const lost = this.plan.phases.reduce((s, p) => s + p.yellowS + p.allRedS, 0);
        const minimum = lost + this.plan.phases.reduce((s, p) => s + p.minGreenS, 0);
        if (op.cycleS < minimum) return { ok: false, code: 'INVALID', reason: `cycle ${op.cycleS} s is below this intersection's minimum of ${minimum} s` };
        const base = this.pending?.plan ?? this.plan;
        const greenTotal = base.phases.reduce((s, p) => s + p.greenS, 0);
        const greens = base.phases.map((p) => Math.max(p.minGreenS, Math.round((p.greenS * (op.cycleS - lost)) / greenTotal)));
        greens[0] = greens[0]! + (op.cycleS - lost - greens.reduce((a, b) => a + b, 0));
        const plan = { ...base, offsetS: op.offsetS % op.cycleS, phases: base.phases.map((p, i) => ({ ...p, greenS: greens[i]! })) };
        this.pending = { plan, planId: this.pending?.planId ?? this.planId };
        return { ok: true };
      }
    }
  }

  state(now: number): SignalState {
    const dark = this.mode === 'flashing' || this.mode === 'off';
    const remaining = dark || !Number.isFinite(this.intervalEndsAt) ? null : Math.max(0, Math.round((this.intervalEndsAt - now) / 100) / 10);
    return {
      mode: this.mode,
      planId: this.planId,
      planIds: this.plans.map((p) => p.id),
      plan: this.plan,
      cycleS: cycleLength(this.plan),
      phaseIndex: this.phase,
      interval: this.mode === 'flashing' ? 'flashingYellow' : this.mode === 'off' ? 'dark' : this.interval,
      remainingS: remaining,
      cycleSecond: Math.max(0, Math.round((now - this.cycleStartedAt) / 100) / 10),
      heldPhase: this.heldPhase,
      skipPhases: [...this.skips].sort((a, b) => a - b),
      manualUntil: this.manualUntil,
      revertTo: this.revertTo,
    };
  }

  private setModeNow(mode: SignalMode, now: number): void {
    const wasDark = this.mode === 'flashing' || this.mode === 'off';
    this.mode = mode;
    this.changed = true;
    if (mode === 'flashing' || mode === 'off') return;
    if (wasDark) {
      // Coming back from flashing/off: restart the sequence at the first phase.
      this.phase = 0;
      this.interval = 'green';
      this.cycleStartedAt = now;
      this.intervalEndsAt = now + this.greenFor(0, now) * 1000;
    } else if (mode !== 'manual' && this.interval === 'green' && !Number.isFinite(this.intervalEndsAt)) {
      this.intervalEndsAt = now + this.plan.phases[this.phase]!.minGreenS * 1000;
    }
  }

  private advanceInterval(at: number): void {
    const p = this.plan.phases[this.phase]!;
    this.changed = true;
    if (this.interval === 'green') {
      this.interval = 'yellow';
      this.intervalEndsAt = at + p.yellowS * 1000;
      return;
    }
    if (this.interval === 'yellow' && p.allRedS > 0) {
      this.interval = 'allRed';
      this.intervalEndsAt = at + p.allRedS * 1000;
      return;
    }
    this.phase = this.nextPhase();
    this.interval = 'green';
    if (this.phase === 0) {
      this.cycleStartedAt = at;
      if (this.pending) {
        this.plan = this.pending.plan;
        this.planId = this.pending.planId;
        this.pending = null;
        this.onEvent('plan.applied', { planId: this.planId, cycleS: cycleLength(this.plan), offsetS: this.plan.offsetS });
      }
    }
    this.intervalEndsAt = at + this.greenFor(this.phase, at) * 1000;
  }

  private nextPhase(): number {
    let next = (this.phase + 1) % this.plan.phases.length;
    for (let i = 0; i < this.plan.phases.length && this.skips.has(next); i++) {
      this.skips.delete(next);
      next = (next + 1) % this.plan.phases.length;
    }
    return next;
  }

  /** Green time for a phase starting now: the plan's, stretched by demand (actuated) or trimmed to the common clock. */
  private greenFor(phase: number, now: number): number {
    const p = this.plan.phases[phase]!;
    if (this.mode === 'actuated') {
      // About two seconds per queued vehicle, within the phase's bounds.
      return Math.min(p.maxGreenS, Math.max(p.minGreenS, Math.round(2 * this.queue[phase]! + 3)));
    }
    if (phase !== 0 || this.mode === 'manual') return p.greenS;
    const cycle = cycleLength(this.plan);
    const drift = (((now / 1000 - this.plan.offsetS) % cycle) + cycle) % cycle;
    if (drift < 0.5 || cycle - drift < 0.5) return p.greenS;
    // Late by `drift` seconds: trim this green; early: stretch it. Both within bounds, so it may take two cycles.
    const wanted = drift < cycle / 2 ? p.greenS - drift : p.greenS + (cycle - drift);
    return Math.min(p.maxGreenS, Math.max(p.minGreenS, Math.round(wanted)));
  }

  /** Queues discharge at saturation flow (one vehicle every two seconds per phase) while green. */
  private discharge(elapsedMs: number): void {
    const q = this.queue[this.phase]!;
    if (q > 0) this.queue[this.phase] = Math.max(0, q - elapsedMs / 2000);
  }
}
