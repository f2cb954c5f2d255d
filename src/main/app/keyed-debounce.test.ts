import { afterEach, describe, expect, it } from 'vitest';
import { KeyedDebounce } from './keyed-debounce';

const debouncers: KeyedDebounce[] = [];
const make = (ms: number) => {
  const d = new KeyedDebounce(ms);
  debouncers.push(d);
  return d;
};
afterEach(() => debouncers.splice(0).forEach((d) => d.dispose()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('KeyedDebounce', () => {
  it('runs only the latest action per key, after the quiet period', async () => {
    const d = make(20);
    const ran: string[] = [];
    for (let i = 0; i < 10; i++) d.schedule('a', () => ran.push(`a${i}`));
    d.schedule('b', () => ran.push('b'));
    expect(ran).toEqual([]);
    await sleep(80);
    expect(ran.sort()).toEqual(['a9', 'b']);
  });

  it('flushes now, once', async () => {
    const d = make(10_000);
    const ran: string[] = [];
    d.schedule('a', () => ran.push('a'));
    d.schedule('b', () => ran.push('b'));
    d.flush('a');
    expect(ran).toEqual(['a']);
    d.flush();
    d.flush();
    expect(ran).toEqual(['a', 'b']);
    expect(d.size).toBe(0);
  });

  it('drops cancelled and disposed actions', async () => {
    const d = make(10);
    const ran: string[] = [];
    d.schedule('a', () => ran.push('a'));
    d.schedule('b', () => ran.push('b'));
    d.cancel('a');
    d.dispose();
    await sleep(40);
    expect(ran).toEqual([]);
  });
});
