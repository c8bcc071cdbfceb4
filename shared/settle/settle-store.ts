import { VigilError } from '#shared/errors';

/** A settle marker could not be read or written (the event is retried). */
export class SettleStoreError extends VigilError {
  override readonly name: string = 'SettleStoreError';
}

/** Most events a window lists by id; later ones are only counted (the row stays far below DynamoDB's 400 KB). */
export const SETTLE_EVENT_ID_CAP = 100;

/** One CloudTrail event noted on a settle window. */
export interface SettleEvent {
  /** The window's marker key ({@link settleKeyOf}). */
  readonly key: string;
  /** The event's EventBridge id. */
  readonly eventId: string;
  /** The event's CloudTrail `eventTime` (ISO). */
  readonly eventTime: string;
  /** When the window closes, if this event opens it (epoch ms). */
  readonly dueAt: number;
  /** When DynamoDB may drop the marker (epoch seconds), if this event opens it. */
  readonly expiresAt: number;
}

/** A settle window as its marker row holds it. */
export interface SettleWindow {
  /** The EventBridge id of the event that opened the window. */
  readonly windowId: string;
  readonly firstEventTime: string;
  /** When the window's describe is due (epoch ms); moved forward when the describe is re-sent. */
  readonly dueAt: number;
  /** The events noted, as `<eventTime>|<eventId>`, at most {@link SETTLE_EVENT_ID_CAP}. */
  readonly events: readonly string[];
  /** Events past the cap: counted, not listed. */
  readonly overflow: number;
  /** The time of the last event noted (the latest, unless events arrived out of order). */
  readonly lastEventTime: string;
  /** Times the describe was re-sent for a window found overdue. */
  readonly resends: number;
}

/**
 * Settle windows in the state table: one marker row per resource (or call's resources) while events about
 * it wait for their describe.
 */
export interface SettleStore {
  /** Notes an event on its window, opening the window when none is open; returns the window after the write. */
  note(event: SettleEvent): Promise<SettleWindow>;
  /**
   * Moves an overdue window's due time to `dueAt`, if it is still open and still due at `previousDueAt`
   * (so of the events that find it overdue, exactly one re-sends its describe).
   */
  claimResend(key: string, windowId: string, previousDueAt: number, dueAt: number): Promise<boolean>;
  /**
   * Closes a window: deletes its marker if it is still the window `windowId`, and returns what it held;
   * `undefined` when the marker is gone (closed by an earlier delivery) or belongs to a newer window.
   */
  take(key: string, windowId: string): Promise<SettleWindow | undefined>;
}

/** The number of events a window coalesced. */
export function eventCountOf(window: SettleWindow): number {
  return window.events.length + window.overflow;
}

/** The newest event time a window saw (its events' and its last write's). */
export function latestEventTimeOf(window: SettleWindow): string {
  let latest = Date.parse(window.lastEventTime);
  let text = window.lastEventTime;
  for (const entry of [window.firstEventTime, ...window.events.map((event) => event.split('|')[0] ?? '')]) {
    const time = Date.parse(entry);
    if (!Number.isNaN(time) && (Number.isNaN(latest) || time > latest)) {
      latest = time;
      text = entry;
    }
  }
  return new Date(Date.parse(text)).toISOString();
}
