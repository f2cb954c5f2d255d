import { create } from 'zustand';
import type { CommandRecord } from '../../../shared/domain/field-commands';
import type { FieldSnapshot, ScenarioInfo } from '../../../shared/domain/field';
import { onEvent, rpc } from '../../bridge';
import { applyCommand, applyUpdate } from './field-model';

interface FieldStore {
  snapshot: FieldSnapshot | null;
  commands: CommandRecord[];
  scenarios: ScenarioInfo[];
  error: unknown;
  /** Loads once and subscribes to live updates; later calls do nothing. */
  ensureLoaded(): Promise<void>;
}

let subscribed = false;
let unsubscribe: (() => void)[] = [];

export const useField = create<FieldStore>((set, get) => ({
  snapshot: null,
  commands: [],
  scenarios: [],
  error: null,
  async ensureLoaded() {
    if (subscribed) return;
    subscribed = true;
    // Subscribe first so nothing that happens while the snapshot loads is missed.
    unsubscribe = [
      onEvent('field.update', (update) => {
        const current = get().snapshot;
        if (current) set({ snapshot: applyUpdate(current, update) });
      }),
      onEvent('field.command', (record) => set({ commands: applyCommand(get().commands, record) })),
    ];
    try {
      const [snapshot, commands, scenarios] = await Promise.all([rpc('field.snapshot', {}), rpc('field.commands.list', {}), rpc('field.scenarios', {})]);
      set({ snapshot, commands, scenarios, error: null });
    } catch (err) {
      for (const off of unsubscribe) off();
      subscribed = false;
      set({ error: err });
    }
  },
}));
