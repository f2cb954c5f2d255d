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
  /** Send commands to field controllers (signals, lighting, flood warning) and run drills. */
  'control.operate': 'operator',
  /** Confirm dangerous field commands: manual or flashing signals, silencing a siren, gates, thresholds. */
  'control.confirm': 'supervisor',
  /** Watch live video, see the camera list, use the video grid and its layouts. */
  'video.view': 'viewer',
  /** Move PTZ cameras and go to or save their presets. */
  'video.ptz': 'operator',
  /** Save snapshots as evidence. */
  'video.snapshot': 'operator',
  /** Add, discover, place, import and remove cameras and NVRs. */
  'cameras.manage': 'supervisor',
  /** See the Thống kê dashboards, reports and the province sync state. */
  'stats.read': 'viewer',
  /** Export data (Parquet, chart CSV) and generate reports. */
  'stats.export': 'operator',
  /** Configure camera analytics: tasks, zones, counting lines, crowd thresholds; start and stop it. */
  'analytics.configure': 'operator',
  /** See plate reads, search plate history and view the watchlist (plates are personal data: not for viewers). */
  'plates.read': 'operator',
  /** Add to and remove from the watchlist (danh sách đen). */
  'watchlist.manage': 'supervisor',
  /** See and change how long analytics data is kept (raw events, rollups). */
  'stats.retention': 'supervisor',
  /** Turn province sync on or off and set its credentials. */
  'sync.manage': 'admin',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof permissionMinimumRole;

const rank: Record<Role, number> = { viewer: 0, operator: 1, supervisor: 2, admin: 3 };

export function roleAllows(role: Role, permission: Permission): boolean {
  return rank[role] >= rank[permissionMinimumRole[permission]];
}

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}
