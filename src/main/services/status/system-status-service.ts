import {
  subsystemIds,
  type SubsystemStatus,
  type SystemStatus,
} from '../../../shared/domain/system';
import { Emitter } from '../../../shared/lib/emitter';
import type { Disposable } from '../../../shared/lib/lifecycle';

type SubsystemId = SubsystemStatus['id'];

/**
 * What the status bar shows: each subsystem's connection state and whether a drill runs.
 * Services report into it; it never asks them, so data flows one way.
 */
export class SystemStatusService implements Disposable {
  private readonly states = new Map<SubsystemId, SubsystemStatus>();
  private drill: SystemStatus['drill'] = { active: false };
  private readonly changed = new Emitter<SystemStatus>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly clock: () => Date = () => new Date()) {
    for (const id of subsystemIds) this.states.set(id, { id, state: 'unconfigured' });
  }

  report(id: SubsystemId, state: SubsystemStatus['state'], detail?: string): void {
    const previous = this.states.get(id);
    if (previous?.state === state && previous.detail === detail) return;
    this.states.set(id, detail === undefined ? { id, state } : { id, state, detail });
    this.changed.fire(this.snapshot());
  }

  setDrill(drill: SystemStatus['drill']): void {
    this.drill = drill;
    this.changed.fire(this.snapshot());
  }

  snapshot(): SystemStatus {
    return {
      subsystems: subsystemIds.map((id) => this.states.get(id)!),
      drill: this.drill,
      serverTime: this.clock().toISOString(),
    };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
