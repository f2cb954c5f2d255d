import { describe, expect, it } from 'vitest';
import { IpcSessionRegistry } from './ipc-sessions';

function makeRegistry() {
  const open = new Set<string>();
  let next = 0;
  const registry = new IpcSessionRegistry({
    open: () => {
      const id = `s${++next}`;
      open.add(id);
      return id;
    },
    close: (id) => {
      if (!open.delete(id)) throw new Error(`closed twice or never opened: ${id}`);
    },
  });
  return { registry, open };
}

describe('IpcSessionRegistry', () => {
  it('gives each window its own session and closes it with the window', () => {
    const { registry, open } = makeRegistry();
    const a = registry.attach(1);
    const b = registry.attach(2);
    expect(a).not.toBe(b);
    expect(registry.attach(1)).toBe(a);
    expect(registry.sessionFor(2)).toBe(b);
    registry.detach(2);
    registry.detach(2);
    expect(registry.sessionFor(2)).toBeUndefined();
    expect([...open]).toEqual([a]);
  });

  it('opens a fresh session for a window id seen before (a new window reusing the id)', () => {
    const { registry } = makeRegistry();
    const first = registry.attach(7);
    registry.detach(7);
    expect(registry.attach(7)).not.toBe(first);
  });

  it('closes every session on dispose', () => {
    const { registry, open } = makeRegistry();
    registry.attach(1);
    registry.attach(2);
    registry.dispose();
    expect(open.size).toBe(0);
    expect(registry.size).toBe(0);
  });
});
