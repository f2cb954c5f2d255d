import type { FieldCommandOp } from '../../shared/domain/field-commands';
import { defaultSchedule, type CabinetState, type LampFault, type LightingRule, type ScheduleStep } from '../../shared/domain/field-lighting';
import { effectiveLevel, sunTimes, type Site } from '../../shared/domain/field-schedule';
import type { CommandOutcome, EventDetail } from './outcome';
import type { Rng } from './rng';

type LightOp = Extract<FieldCommandOp, { type: `light.${string}` }>;

export interface LampSpec {
  id: string;
  powerW: number;
}

/** LED drivers draw a little even when dimmed low; this floor keeps the savings figures honest. */
const DRIVER_FLOOR = 0.05;

interface Lamp extends LampSpec {
  circuitId: string;
  fault: LampFault | null;
}

/**
 * A lighting cabinet on the Hùng Vương line: two circuits of alternate lamps, an astronomical
 * clock running its schedule and rules locally, a meter, a door contact and mains sensing.
 */
export class LightingCabinet {
  private mode: 'schedule' | 'manual' = 'schedule';
  private manualLevel = 100;
  private circuitOverride = new Map<string, number>();
  private schedule: ScheduleStep[] = [...defaultSchedule];
  private rules: LightingRule[] = [{ kind: 'weather', when: 'rain', minDimPct: 80 }];
  private readonly lamps: Lamp[];
  private readonly circuitIds = ['A', 'B'];
  private door: 'open' | 'closed' = 'closed';
  private mains: 'ok' | 'fail' = 'ok';
  private energyKWh = 0;
  private baselineKWh = 0;
  private level = { dimPct: 0, source: 'schedule' };
  private lastTick: number;
  private lastSignature = '';

  constructor(
    readonly id: string,
    lamps: readonly LampSpec[],
    private readonly site: Site,
    private readonly rng: Rng,
    now: number,
    private readonly onEvent: (name: string, detail: EventDetail) => void,
    /** Chance per lamp per hour of burning out: lamps fail now and then. */
    private readonly lampFailurePerHour = 0.02,
  ) {
    this.lamps = lamps.map((l, i) => ({ ...l, circuitId: this.circuitIds[i % 2]!, fault: null }));
    this.lastTick = now;
  }

  tick(now: number, weather: { rain: boolean; fog: boolean }): void {
    const hours = Math.max(0, now - this.lastTick) / 3_600_000;
    this.lastTick = now;
    this.level = this.mode === 'manual' ? { dimPct: this.manualLevel, source: 'manual' } : effectiveLevel(this.schedule, this.rules, now, this.site, weather);
    let power = 0;
    let full = 0;
    for (const lamp of this.lamps) {
      const dim = this.lampLevel(lamp);
      if (dim > 0) {
        power += lamp.powerW * (DRIVER_FLOOR + (1 - DRIVER_FLOOR) * (dim / 100));
        full += lamp.powerW;
        if (lamp.fault === null && this.rng.chance(this.lampFailurePerHour * hours)) this.setLampFault(lamp.id, 'lampOut');
      }
    }
    this.energyKWh += (power / 1000) * hours;
    this.baselineKWh += (full / 1000) * hours;
  }

  /** True when what the cabinet would report differs from the last report (energy aside). */
  takeChanged(): boolean {
    const signature = `${this.mode}|${this.level.dimPct}|${this.level.source}|${this.door}|${this.mains}|${this.lamps.map((l) => l.fault ?? '').join(',')}|${[...this.circuitOverride].join(',')}|${this.schedule.length}|${this.rules.length}`;
    const changed = signature !== this.lastSignature;
    this.lastSignature = signature;
    return changed;
  }

  setLampFault(lampId: string, fault: LampFault | null): boolean {
    const lamp = this.lamps.find((l) => l.id === lampId);
    if (!lamp) return false;
    if (lamp.fault !== fault) this.onEvent(fault ? 'lamp.fault' : 'lamp.repaired', { lampId, fault });
    lamp.fault = fault;
    return true;
  }

  hasLamp(lampId: string): boolean {
    return this.lamps.some((l) => l.id === lampId);
  }

  setDoor(door: 'open' | 'closed'): void {
    if (door !== this.door) this.onEvent(door === 'open' ? 'cabinet.doorOpen' : 'cabinet.doorClosed', {});
    this.door = door;
  }

  setMains(mains: 'ok' | 'fail'): void {
    if (mains !== this.mains) this.onEvent(mains === 'fail' ? 'cabinet.powerFailure' : 'cabinet.powerRestored', {});
    this.mains = mains;
  }

  execute(op: LightOp): CommandOutcome {
    switch (op.type) {
      case 'light.setMode':
        this.mode = op.mode;
        if (op.mode === 'schedule') this.circuitOverride.clear();
        return { ok: true };
      case 'light.set':
        if (op.circuitId !== undefined) {
          if (!this.circuitIds.includes(op.circuitId)) return { ok: false, code: 'INVALID', reason: `no circuit "${op.circuitId}" in ${this.id}` };
          this.circuitOverride.set(op.circuitId, op.dimPct);
        } else {
          this.circuitOverride.clear();
          this.manualLevel = op.dimPct;
        }
        this.mode = 'manual';
        return { ok: true };
      case 'light.setSchedule':
        this.schedule = [...op.steps];
        return { ok: true };
      case 'light.setRules':
        this.rules = [...op.rules];
        return { ok: true };
    }
  }

  state(now: number): CabinetState {
    const sun = sunTimes(now, this.site);
    let power = 0;
    let full = 0;
    const lamps = this.lamps.map((lamp) => {
      const dim = this.lampLevel(lamp);
      if (dim > 0) {
        power += lamp.powerW * (DRIVER_FLOOR + (1 - DRIVER_FLOOR) * (dim / 100));
        full += lamp.powerW;
      }
      const fault: LampFault | null = this.mains === 'fail' ? 'powerFailure' : lamp.fault;
      return { id: lamp.id, circuitId: lamp.circuitId, on: dim > 0, dimPct: dim, fault };
    });
    return {
      mode: this.mode,
      dimPct: this.level.dimPct,
      levelSource: this.level.source,
      circuits: this.circuitIds.map((id) => {
        const dim = this.circuitLevel(id);
        return { id, on: dim > 0, dimPct: dim };
      }),
      lamps,
      door: this.door,
      mains: this.mains,
      powerW: Math.round(power * 10) / 10,
      fullPowerW: full,
      energyKWh: round4(this.energyKWh),
      baselineKWh: round4(this.baselineKWh),
      schedule: this.schedule,
      rules: this.rules,
      sunset: sun.sunset,
      sunrise: sun.sunrise,
    };
  }

  private circuitLevel(circuitId: string): number {
    if (this.mains === 'fail') return 0;
    return this.mode === 'manual' ? (this.circuitOverride.get(circuitId) ?? this.manualLevel) : this.level.dimPct;
  }

  private lampLevel(lamp: Lamp): number {
    // A lamp whose node stopped answering still follows its circuit's power; only a burnt-out lamp is dark.
    if (lamp.fault === 'lampOut') return 0;
    return this.circuitLevel(lamp.circuitId);
  }
}

const round4 = (v: number) => Math.round(v * 10_000) / 10_000;
