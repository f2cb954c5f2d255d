import { create } from 'zustand';
import type { AuditEntry, AuditVerification } from '../../../shared/domain/audit';
import { rpc } from '../../bridge';

export const AUDIT_PAGE = 100;

interface AuditStore {
  entries: AuditEntry[];
  verification: AuditVerification | null;
  error: unknown;
  /** Newest page, or the page before `beforeSeq` appended to what is shown. */
  load(beforeSeq?: number): Promise<void>;
  verify(): Promise<void>;
}

export const useAuditLog = create<AuditStore>((set, get) => ({
  entries: [],
  verification: null,
  error: null,
  async load(beforeSeq) {
    try {
      const { entries } = await rpc('audit.list', beforeSeq === undefined ? { limit: AUDIT_PAGE } : { limit: AUDIT_PAGE, beforeSeq });
      set({ entries: beforeSeq === undefined ? entries : [...get().entries, ...entries], error: null });
    } catch (error) {
      set({ error });
    }
  },
  async verify() {
    try {
      set({ verification: await rpc('audit.verify', {}), error: null });
      await get().load();
    } catch (error) {
      set({ error });
    }
  },
}));
