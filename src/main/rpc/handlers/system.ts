import type { SystemInfo } from '../../../shared/domain/system';
import type { SystemStatusService } from '../../services/status/system-status-service';
import type { PartialHandlers } from '../types';

export function createSystemHandlers(deps: { status: SystemStatusService; info: SystemInfo }): PartialHandlers<'system.info' | 'system.status'> {
  return {
    'system.info': () => deps.info,
    'system.status': () => deps.status.snapshot(),
  };
}
