import { RpcError } from '../../../shared/contract/errors';
import type { CityService } from '../../services/city/city-service';
import type { CallerContext, PartialHandlers } from '../types';

export interface CityHandlerDeps {
  city: Pick<CityService, 'overview' | 'basemap' | 'assets' | 'search' | 'listUserLayers' | 'importUserLayer' | 'removeUserLayer'>;
  /** Who is calling: an import is stamped with the operator's username. */
  auth: { current(sessionId: string): { operator: { username: string } | null } };
}

type CityMethod =
  | 'city.overview'
  | 'city.basemap'
  | 'city.assets'
  | 'city.search'
  | 'map.userLayers.list'
  | 'map.userLayers.import'
  | 'map.userLayers.remove';

/** `city.*` and `map.userLayers.*`: the router has already validated arguments and checked the caller's role. */
export function createCityHandlers({ city, auth }: CityHandlerDeps): PartialHandlers<CityMethod> {
  const username = (caller: CallerContext): string => {
    const operator = auth.current(caller.sessionId).operator;
    // The router lets no anonymous caller reach map.edit; this guards against a session ending mid-call.
    if (!operator) throw new RpcError('UNAUTHENTICATED', 'log in to import a layer');
    return operator.username;
  };
  return {
    'city.overview': () => city.overview(),
    'city.basemap': () => city.basemap(),
    'city.assets': () => city.assets(),
    'city.search': ({ query, limit }) => city.search(query, limit),
    'map.userLayers.list': () => city.listUserLayers(),
    'map.userLayers.import': ({ name, geojson }, caller) => city.importUserLayer({ name, geojson, importedBy: username(caller) }),
    'map.userLayers.remove': async ({ id }) => {
      await city.removeUserLayer(id);
      return { removed: true as const };
    },
  };
}
