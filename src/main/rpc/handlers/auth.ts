import type { AuditLog } from '../../services/audit/audit-log';
import type { AuthService } from '../../services/auth/auth-service';
import type { PartialHandlers } from '../types';

type AuthMethods =
  | 'auth.state'
  | 'auth.setupAdmin'
  | 'auth.login'
  | 'auth.logout'
  | 'auth.lock'
  | 'auth.unlock'
  | 'auth.changePassword'
  | 'operators.list'
  | 'operators.create'
  | 'operators.update'
  | 'operators.resetPassword'
  | 'audit.list'
  | 'audit.verify';

export interface AuthHandlerDeps {
  auth: Pick<
    AuthService,
    | 'state'
    | 'setupAdmin'
    | 'login'
    | 'logout'
    | 'lock'
    | 'unlock'
    | 'changePassword'
    | 'listOperators'
    | 'createOperator'
    | 'updateOperator'
    | 'resetPassword'
  >;
  audit: Pick<AuditLog, 'list' | 'verify'>;
}

/**
 * auth.*, operators.* and audit.*: thin adapters. The router has already validated the
 * arguments and checked the caller's role; the services enforce their own rules again.
 */
export function createAuthHandlers({ auth, audit }: AuthHandlerDeps): PartialHandlers<AuthMethods> {
  return {
    'auth.state': (_params, caller) => auth.state(caller.sessionId),
    'auth.setupAdmin': (params, caller) => auth.setupAdmin(caller.sessionId, params),
    'auth.login': (params, caller) => auth.login(caller.sessionId, params.username, params.password),
    'auth.logout': (_params, caller) => auth.logout(caller.sessionId),
    'auth.lock': (_params, caller) => auth.lock(caller.sessionId),
    'auth.unlock': (params, caller) => auth.unlock(caller.sessionId, params.password),
    'auth.changePassword': async (params, caller) => {
      await auth.changePassword(caller.sessionId, params.currentPassword, params.newPassword);
      return { changed: true } as const;
    },
    'operators.list': () => auth.listOperators(),
    'operators.create': (params) => auth.createOperator(params),
    'operators.update': (params) => auth.updateOperator(params),
    'operators.resetPassword': async (params) => {
      await auth.resetPassword(params.id, params.password);
      return { reset: true } as const;
    },
    'audit.list': async (params) => ({ entries: await audit.list(params) }),
    'audit.verify': () => audit.verify(),
  };
}
