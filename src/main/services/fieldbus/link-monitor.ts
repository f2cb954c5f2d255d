import type { ControllerKind } from '../../../shared/domain/field-commands';
import type { ControllerLink } from '../../../shared/domain/field';

/** Heartbeats a controller may miss before the console marks it offline. */
export const MISSED_HEARTBEATS_OFFLINE = 3;

/**
 * Who is online. Any message counts as a sign of life; a controller is offline once three of
 * its own heartbeat intervals pass in silence. Pure bookkeeping: the caller supplies the time.
 */
export class LinkMonitor {
  private readonly links = new Map<string, ControllerLink>();
  private readonly changed = new Set<string>();

  constructor(known: readonly { id: string; kind: ControllerKind }[], private readonly defaultHeartbeatMs = 1_000) {
    for (const c of known) this.links.set(c.id, { id: c.id, kind: c.kind, online: false, lastSeen: null, heartbeatMs: defaultHeartbeatMs, linkUp: false });
  }

  seen(id: string, kind: ControllerKind, now: number, heartbeat?: { intervalMs: number; linkUp: boolean }): void {
    const link = this.links.get(id);
    // The hot path (an online controller's next message) only moves its timestamp: no allocation.
    if (link && link.online && (!heartbeat || (heartbeat.linkUp === link.linkUp && heartbeat.intervalMs === link.heartbeatMs))) {
      link.lastSeen = now;
      return;
    }
    const base = link ?? { id, kind, online: false, lastSeen: null, heartbeatMs: this.defaultHeartbeatMs, linkUp: false };
    this.links.set(id, { ...base, online: true, lastSeen: now, heartbeatMs: heartbeat?.intervalMs ?? base.heartbeatMs, linkUp: heartbeat?.linkUp ?? true });
    this.changed.add(id);
  }

  /** Marks silent controllers offline; returns how many went offline in this sweep. */
  sweep(now: number): number {
    let dropped = 0;
    for (const link of this.links.values()) {
      if (link.online && link.lastSeen !== null && now - link.lastSeen > MISSED_HEARTBEATS_OFFLINE * link.heartbeatMs) {
        this.links.set(link.id, { ...link, online: false, linkUp: false });
        this.changed.add(link.id);
        dropped++;
      }
    }
    return dropped;
  }

  get(id: string): ControllerLink | undefined {
    return this.links.get(id);
  }

  list(): ControllerLink[] {
    return [...this.links.values()].map((l) => ({ ...l }));
  }

  counts(): { online: number; total: number } {
    let online = 0;
    for (const l of this.links.values()) if (l.online) online++;
    return { online, total: this.links.size };
  }

  takeChanged(): ControllerLink[] {
    const out = [...this.changed].map((id) => ({ ...this.links.get(id)! }));
    this.changed.clear();
    return out;
  }
}
