import { describe, expect, it } from 'vitest';
import { SerialQueue } from './serial-queue';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialQueue', () => {
  it('runs tasks one at a time in the order queued', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 15)), queue.run(task('b', 1)), queue.run(task('c', 5))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('hands a failure to its caller and carries on with the next task', async () => {
    const queue = new SerialQueue();
    const failing = queue.run(() => {
      throw new Error('boom');
    });
    const next = queue.run(async () => 'still runs');
    expect(queue.size).toBe(2);
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe('still runs');
    await queue.idle();
    expect(queue.size).toBe(0);
  });
});
