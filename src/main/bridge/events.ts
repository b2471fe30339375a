// Device events fan out from the device manager to every bridge client: the
// Electron window and each authenticated desk-host socket.
import type { EventName, EventPayload, Unsubscribe } from '#shared/bridge';

export type BridgeEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class BridgeEvents {
  private readonly listeners = new Set<BridgeEventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of [...this.listeners]) {
      // One broken client must not stop the others from hearing the event.
      try {
        listener(event, payload);
      } catch (error) {
        console.error(`bridge event listener failed on ${event}`, error);
      }
    }
  }

  subscribe(listener: BridgeEventListener): Unsubscribe {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
