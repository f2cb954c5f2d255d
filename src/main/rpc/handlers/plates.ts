import { RpcError } from '../../../shared/contract/errors';
import { WatchlistError, type WatchlistService } from '../../services/watchlist/watchlist-service';
import type { CallerContext, PartialHandlers } from '../types';

type PlateMethod = 'plates.watchlist.list' | 'plates.watchlist.add' | 'plates.watchlist.remove' | 'plates.search' | 'plates.recent' | 'plates.evidence';

export interface PlateHandlerDeps {
  watchlist: Pick<WatchlistService, 'list' | 'add' | 'remove' | 'search' | 'recent' | 'evidence'>;
  auth: { current(sessionId: string): { operator: { username: string } | null } };
}

/** Watchlist errors the caller can act on become typed RPC errors; anything else stays internal. */
async function typed<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WatchlistError) {
      const code = err.code === 'NOT_FOUND' ? 'NOT_FOUND' : err.code === 'DUPLICATE' ? 'CONFLICT' : 'INVALID_ARGUMENT';
      throw new RpcError(code, err.message);
    }
    throw err;
  }
}

/** `plates.*`: the router has validated arguments, checked the role and audits the mutations. */
export function createPlateHandlers({ watchlist, auth }: PlateHandlerDeps): PartialHandlers<PlateMethod> {
  const actor = (caller: CallerContext): string => {
    const operator = auth.current(caller.sessionId).operator;
    if (!operator) throw new RpcError('UNAUTHENTICATED', 'log in to edit the watchlist');
    return operator.username;
  };
  return {
    'plates.watchlist.list': ({ includeInactive }) => watchlist.list({ includeInactive }),
    'plates.watchlist.add': ({ plate, reason, expiresAt }, caller) =>
      typed(() => watchlist.add({ plate, reason, expiresAt: expiresAt ? new Date(expiresAt) : null }, actor(caller))),
    'plates.watchlist.remove': ({ id }, caller) => typed(() => watchlist.remove(id, actor(caller))),
    'plates.search': (q) => typed(() => watchlist.search(q)),
    'plates.recent': ({ limit, cameraId }) => watchlist.recent(limit, cameraId),
    'plates.evidence': async ({ id }) => {
      const jpeg = await watchlist.evidence(id);
      return jpeg ? { mime: 'image/jpeg' as const, base64: Buffer.from(jpeg).toString('base64') } : null;
    },
  };
}
