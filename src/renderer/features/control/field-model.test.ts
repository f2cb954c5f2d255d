import { describe, expect, it } from 'vitest';
import { emptyBusStats, type FieldSnapshot } from '../../../shared/domain/field';
import type { CommandRecord } from '../../../shared/domain/field-commands';
import { applyCommand, applyUpdate, isOnline, rejectedCount } from './field-model';

const empty: FieldSnapshot = {
  connected: false,
  controllers: [{ id: 'int-01', kind: 'signal', online: false, lastSeen: null, heartbeatMs: 1000, linkUp: false }],
  signals: [],
  lighting: [],
  flood: [],
  recommendations: [],
  events: [],
  stats: emptyBusStats(),
  simulator: { state: 'starting', pid: null, restarts: 0, detail: null },
};

const record = (id: string, status: CommandRecord['status']): CommandRecord => ({
  id,
  targetId: 'int-01',
  op: { type: 'signal.advance' },
  reason: null,
  requestedBy: 'a',
  requestedAt: 1,
  needsConfirmation: false,
  confirmedBy: null,
  confirmedAt: null,
  status,
  reply: null,
  attempts: 1,
  finishedAt: null,
});

describe('field model', () => {
  it('merges changed controllers and recommendations by id and keeps the rest', () => {
    const rec = { intersectionId: 'int-01', cycleS: 90, greenS: [50, 30], flowsVehH: [800, 300], saturation: 0.7, computedAt: 5, appliedAt: null };
    const next = applyUpdate(empty, {
      ...empty,
      connected: true,
      controllers: [{ ...empty.controllers[0]!, online: true, lastSeen: 5 }],
      recommendations: [rec],
      stats: { ...emptyBusStats(), malformed: 2, invalid: 1 },
    });
    expect(isOnline(next, 'int-01')).toBe(true);
    expect(next.recommendations).toEqual([rec]);
    const again = applyUpdate(next, { ...empty, connected: true, controllers: [], recommendations: [{ ...rec, appliedAt: 9 }] });
    expect(again.recommendations).toEqual([{ ...rec, appliedAt: 9 }]);
    expect(isOnline(again, 'int-01')).toBe(true);
    expect(rejectedCount(next.stats)).toBe(3);
  });

  it('keeps commands newest first, one row per command', () => {
    let list = applyCommand([], record('a', 'sending'));
    list = applyCommand(list, record('b', 'awaitingConfirmation'));
    list = applyCommand(list, record('a', 'done'));
    expect(list.map((c) => `${c.id}:${c.status}`)).toEqual(['a:done', 'b:awaitingConfirmation']);
  });
});
