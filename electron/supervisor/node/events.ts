// The Manager's subscribers: every one gets every event, and one that throws never stops the others or the core.
import type { LobsterpotEvent } from '../../contract/contract.ts';

export class EventBus {
  readonly #subscribers = new Set<(event: LobsterpotEvent) => void>();
  readonly #log: (message: string) => void;

  constructor(log: (message: string) => void) {
    this.#log = log;
  }

  on(listener: (event: LobsterpotEvent) => void): () => void {
    this.#subscribers.add(listener);
    return () => this.#subscribers.delete(listener);
  }

  emit(event: LobsterpotEvent): void {
    for (const subscriber of this.#subscribers) {
      try {
        subscriber(event);
      } catch (error) {
        this.#log(`a subscriber failed on a ${event.type} event: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }

  clear(): void {
    this.#subscribers.clear();
  }
}
