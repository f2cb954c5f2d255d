import { describe, expect, it } from 'vitest';
import { commandEvent } from './record-sources';

describe('commandEvent', () => {
  const base = { targetId: 'int-01', op: { type: 'signal.setPlan' }, requestedAt: 1_000, finishedAt: 2_000 };
  it('counts a command once it has an outcome, flagging failures', () => {
    expect(commandEvent({ ...base, status: 'done' })).toEqual({ ts: new Date(2_000), kind: 'command', source: 'int-01', zone: '', value: 1, flag: false, label: 'signal.setPlan' });
    expect(commandEvent({ ...base, status: 'failed' })?.flag).toBe(true);
    expect(commandEvent({ ...base, status: 'sending', finishedAt: null })).toBeNull();
    expect(commandEvent({ ...base, status: 'awaitingConfirmation', finishedAt: null })).toBeNull();
  });
});
