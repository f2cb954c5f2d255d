/**
 * Runs async tasks one at a time, in the order they were queued. A task's failure is
 * handed to its own caller and never stops the tasks queued behind it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.queued++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.queued--,
      () => this.queued--,
    );
    return result;
  }

  /** Tasks waiting or running; zero means the next `run` starts at once. */
  get size(): number {
    return this.queued;
  }

  /** Resolves when everything queued so far has settled. */
  async idle(): Promise<void> {
    await this.tail;
  }
}
