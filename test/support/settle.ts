import {
  SETTLE_EVENT_ID_CAP,
  type SettleEvent,
  type SettleStore,
  type SettleWindow,
} from '#shared/settle/settle-store';
import type { SettledDescribe } from '#shared/settle/settled-describe';
import type { SettleQueue } from '#shared/settle/settler';

/** A settle marker as the in-memory store keeps it (the DynamoDB row's attributes). */
interface MemoryMarker {
  windowId: string;
  firstEventTime: string;
  dueAt: number;
  expiresAt: number;
  events: Set<string>;
  overflow: number;
  lastEventTime: string;
  resends: number;
}

function windowOf(marker: MemoryMarker): SettleWindow {
  return {
    windowId: marker.windowId,
    firstEventTime: marker.firstEventTime,
    dueAt: marker.dueAt,
    events: [...marker.events].sort(),
    overflow: marker.overflow,
    lastEventTime: marker.lastEventTime,
    resends: marker.resends,
  };
}

/**
 * An in-memory settle store with the DynamoDB store's semantics (open-if-absent, an event set capped at
 * {@link SETTLE_EVENT_ID_CAP}, conditional re-send claims and closes), counting its writes; `fail` makes the
 * next call of that operation throw.
 */
export class MemorySettleStore implements SettleStore {
  readonly markers = new Map<string, MemoryMarker>();
  readonly writes: string[] = [];
  readonly fail = new Set<'note' | 'claimResend' | 'take'>();

  #maybeFail(operation: 'note' | 'claimResend' | 'take'): void {
    if (this.fail.delete(operation)) throw new Error(`injected ${operation} failure`);
  }

  async note(event: SettleEvent): Promise<SettleWindow> {
    this.#maybeFail('note');
    this.writes.push(`note ${event.key}`);
    const entry = `${event.eventTime}|${event.eventId}`;
    const marker = this.markers.get(event.key) ?? {
      windowId: event.eventId,
      firstEventTime: event.eventTime,
      dueAt: event.dueAt,
      expiresAt: event.expiresAt,
      events: new Set<string>(),
      overflow: 0,
      lastEventTime: event.eventTime,
      resends: 0,
    };
    if (marker.events.size < SETTLE_EVENT_ID_CAP || marker.events.has(entry)) marker.events.add(entry);
    else marker.overflow++;
    marker.lastEventTime = event.eventTime;
    this.markers.set(event.key, marker);
    return windowOf(marker);
  }

  async claimResend(key: string, windowId: string, previousDueAt: number, dueAt: number): Promise<boolean> {
    this.#maybeFail('claimResend');
    this.writes.push(`claimResend ${key}`);
    const marker = this.markers.get(key);
    if (marker === undefined || marker.windowId !== windowId || marker.dueAt !== previousDueAt) return false;
    marker.dueAt = dueAt;
    marker.resends++;
    return true;
  }

  async take(key: string, windowId: string): Promise<SettleWindow | undefined> {
    this.#maybeFail('take');
    this.writes.push(`take ${key}`);
    const marker = this.markers.get(key);
    if (marker === undefined || marker.windowId !== windowId) return undefined;
    this.markers.delete(key);
    return windowOf(marker);
  }
}

/** A settle queue that keeps what it was sent; `failNext` makes the next send throw. */
export class RecordingSettleQueue implements SettleQueue {
  readonly sent: { readonly message: SettledDescribe; readonly delaySeconds: number }[] = [];
  failNext = false;

  async sendDelayed(message: SettledDescribe, delaySeconds: number): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('injected send failure');
    }
    this.sent.push({ message, delaySeconds });
  }

  /** The queued messages as SQS bodies, cleared. */
  takeBodies(): string[] {
    return this.sent.splice(0).map((entry) => JSON.stringify(entry.message));
  }
}
