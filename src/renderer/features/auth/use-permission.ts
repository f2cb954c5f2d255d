import { roleAllows, type Permission } from '../../../shared/domain/roles';
import { useAuth } from './auth-store';

/**
 * Whether to offer a control. Only a hint for the UI: the main process checks every call
 * again, so a hidden button is convenience, never protection.
 */
export function useCan(permission: Permission): boolean {
  const role = useAuth((s) => s.state?.operator?.role);
  return role ? roleAllows(role, permission) : false;
}
