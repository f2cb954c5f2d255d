/**
 * Operator roles, lowest to highest. A role holds every permission of the roles below it:
 * the control room's chain of command is strictly ordered, so a matrix would only add ways
 * to get it wrong.
 */
export const roles = ['viewer', 'operator', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The least role that holds each permission. Checked in the main process on every request. */
export const permissionMinimumRole = {
  /** See the map, cameras list, status: everyone on duty, leaders included. */
  'city.read': 'viewer',
  /** Import GeoJSON layers, load a basemap file, save window layouts. */
  'map.edit': 'operator',
  'layout.write': 'operator',
  /** Read and verify the audit trail. */
  'audit.read': 'supervisor',
  /** Create, disable and re-role operator accounts. */
  'operators.manage': 'admin',
  /** Station-wide settings: idle lock, kiosk, data folders. */
  'settings.write': 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof permissionMinimumRole;

const rank: Record<Role, number> = { viewer: 0, operator: 1, supervisor: 2, admin: 3 };

export function roleAllows(role: Role, permission: Permission): boolean {
  return rank[role] >= rank[permissionMinimumRole[permission]];
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}
