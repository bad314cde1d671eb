/**
 * The station's event bus. Services emit through the router (after commit); shells
 * forward to screens (IPC / server-sent events). In venue mode a bridge also sends
 * every local event to the other stations and feeds theirs in with `deliver`.
 */
import type { PushEvent } from '../../contract/index';

export type Listener = (ev: PushEvent) => void;

export interface BusBridge {
  /** Forward a locally-originated event to other stations. */
  send(ev: PushEvent): void;
  close(): Promise<void>;
}

export class EventBus {
  private listeners = new Set<Listener>();
  private bridge: BusBridge | null = null;
  private local = new Set<Listener>();

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * Events that happened on this station only (not those other stations sent): for a
   * listener that must act once per event in the venue, such as recording it.
   */
  subscribeOwn(fn: Listener): () => void {
    this.local.add(fn);
    return () => this.local.delete(fn);
  }

  /** An event that happened on this station: deliver locally and forward. */
  publish(ev: PushEvent): void {
    for (const fn of this.local) {
      try {
        fn(ev);
      } catch {
        // As below: a listener never breaks the write that emitted the event.
      }
    }
    this.deliver(ev);
    this.bridge?.send(ev);
  }

  /** Deliver to local listeners only (events arriving from other stations). */
  deliver(ev: PushEvent): void {
    for (const fn of this.listeners) {
      try {
        fn(ev);
      } catch {
        // A broken screen connection must never break the write that emitted the event.
      }
    }
  }

  attachBridge(bridge: BusBridge | null): void {
    this.bridge = bridge;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
