import type { VisionAlert, VisionZone } from '../../../shared/domain/vision';

interface ZoneAlertState {
  alerting: boolean;
  /** When the level first stood above the threshold (or below the clear level) without a break. */
  since: number | null;
}

/**
 * Per-zone crowd alerts: the level must stay at or above the threshold for `holdS` to raise
 * one alert, and stay below `clearRatio` × threshold for `holdS` to clear it. Between the two
 * levels nothing changes, so a crowd hovering at the threshold raises one alert, not a storm.
 */
export class CrowdAlerts {
  private readonly states = new Map<string, ZoneAlertState>();

  constructor(
    private readonly cameraId: string,
    private readonly zones: readonly VisionZone[],
  ) {}

  isAlerting(zoneId: string): boolean {
    return this.states.get(zoneId)?.alerting ?? false;
  }

  /** The level a zone is judged on: people per m² when it has a density threshold, else people. */
  static level(zone: VisionZone, people: number): { value: number; threshold: number; unit: 'count' | 'perM2' } | null {
    const t = zone.threshold;
    if (!t) return null;
    if (t.perM2 !== undefined && t.areaM2) return { value: people / t.areaM2, threshold: t.perM2, unit: 'perM2' };
    if (t.count !== undefined) return { value: people, threshold: t.count, unit: 'count' };
    return null;
  }

  update(peopleByZone: ReadonlyMap<string, number>, ts: number): VisionAlert[] {
    const out: VisionAlert[] = [];
    for (const zone of this.zones) {
      const level = CrowdAlerts.level(zone, peopleByZone.get(zone.id) ?? 0);
      if (!level || !zone.threshold) continue;
      const holdMs = zone.threshold.holdS * 1000;
      const state = this.states.get(zone.id) ?? { alerting: false, since: null };
      this.states.set(zone.id, state);
      const pressing = state.alerting ? level.value < level.threshold * zone.threshold.clearRatio : level.value >= level.threshold;
      if (!pressing) {
        state.since = null;
        continue;
      }
      state.since ??= ts;
      if (ts - state.since < holdMs) continue;
      state.alerting = !state.alerting;
      state.since = null;
      out.push({
        cameraId: this.cameraId,
        zoneId: zone.id,
        zoneName: zone.name,
        kind: state.alerting ? 'raised' : 'cleared',
        ts,
        value: level.value,
        threshold: level.threshold,
        unit: level.unit,
      });
    }
    return out;
  }
}
