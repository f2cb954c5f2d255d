import { create } from 'zustand';
import type { Operator } from '../../../shared/domain/operators';
import { rpc } from '../../bridge';

interface OperatorsStore {
  operators: Operator[];
  error: unknown;
  reload(): Promise<void>;
}

export const useOperators = create<OperatorsStore>((set) => ({
  operators: [],
  error: null,
  async reload() {
    try {
      set({ operators: await rpc('operators.list', {}), error: null });
    } catch (error) {
      set({ error });
    }
  },
}));
