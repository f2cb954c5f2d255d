import type { Disposable } from './lifecycle';

export type Listener<T> = (value: T) => void;

/** A typed event source; `event` is what consumers subscribe to, `fire` stays with the owner. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<Listener<T>>();

  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (err) {
        // One faulty subscriber must not starve the others of the event.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  dispose(): void {
    this.listeners.clear();
  }
}

export type Event<T> = Emitter<T>['event'];
