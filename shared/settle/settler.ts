import type { ResourceRef } from '#shared/describe/describer';
import { VigilError } from '#shared/errors';
import type { MessageQueue } from '#shared/queue/message-queue';
import { SETTLE_RESEND_AFTER_SECONDS, type SettleSettings, settleSecondsFor } from './settle-config';
import { eventCountOf, latestEventTimeOf, type SettleStore, type SettleWindow } from './settle-store';
import {
  SETTLED_DESCRIBE,
  SETTLED_DESCRIBE_VERSION,
  type SettledDescribe,
  settleKeyOf,
} from './settled-describe';

/** Days a settle marker outlives its due time before DynamoDB's TTL may drop it. */
const MARKER_TTL_DAYS = 1;

/** The change queue refused a settled describe (the event that asked for it is retried). */
export class SettleSendError extends VigilError {
  override readonly name: string = 'SettleSendError';
}

/** Where a window's describe waits for the window to end (the change queue, with an SQS message delay). */
export interface SettleQueue {
  /** Queues the describe to be received `delaySeconds` (0..900) from now; throws when it was refused. */
  sendDelayed(message: SettledDescribe, delaySeconds: number): Promise<void>;
}

/** A settle queue on the change queue: one message per window, delayed by SQS. */
export function sqsSettleQueue(queue: Pick<MessageQueue, 'sendBatch'>): SettleQueue {
  return {
    async sendDelayed(message, delaySeconds) {
      const result = await queue.sendBatch([
        { id: '0', body: JSON.stringify(message), delaySeconds: Math.min(900, Math.max(0, delaySeconds)) },
      ]);
      const [failed] = result.failed;
      if (failed !== undefined) {
        throw new SettleSendError(
          `the change queue refused the settled describe of ${message.key}: ${failed.reason}`,
          {
            context: { key: message.key, windowId: message.windowId },
          },
        );
      }
    },
  };
}

/** The CloudTrail call a settle window is asked to hold. */
export interface HeldCall {
  /** The event's EventBridge id. */
  readonly eventId: string;
  /** The call's CloudTrail `eventTime`. */
  readonly eventTime: string;
  readonly accountId: string;
  /** Every resource the call touched, in describe order. */
  readonly refs: readonly ResourceRef[];
}

/** What holding a call did: opened a window (and queued its describe), joined one, or re-sent an overdue one. */
export type HoldOutcome = {
  readonly action: 'opened' | 'coalesced' | 'resent';
  /** The window's marker key. */
  readonly key: string;
  /** The EventBridge id of the event that opened the window. */
  readonly windowId: string;
  /** Events the window holds, this one included. */
  readonly events: number;
  /** When the window's describe is due (ISO). */
  readonly dueAt: string;
};

/** A closed window: the resources to describe now, as of its latest event, and what it coalesced. */
export interface ClosedWindow {
  readonly refs: readonly ResourceRef[];
  /** The findings' `source.eventId`: the event that opened the window. */
  readonly eventId: string;
  /** Events the window coalesced (1 when its marker was already gone: a redelivered or re-sent describe). */
  readonly events: number;
  /** The marker's content, when this delivery closed it. */
  readonly window?: SettleWindow;
}

/** The ports a settler needs. */
export interface SettlerDeps {
  readonly store: SettleStore;
  readonly queue: SettleQueue;
  readonly settings: SettleSettings;
  readonly clock: () => Date;
}

/**
 * Settle and coalesce: a CloudTrail call about a resource waits out its type's settle period, and every call
 * about the same resources inside that window leads to one describe, sent as one delayed message when the
 * window opens. See docs/settle.md.
 */
export class Settler {
  readonly #deps: SettlerDeps;

  constructor(deps: SettlerDeps) {
    this.#deps = deps;
  }

  /** The seconds a call about these refs waits (its first resource's type decides; 0: described at once). */
  settleSeconds(refs: readonly Pick<ResourceRef, 'resourceType'>[]): number {
    const [first] = refs;
    return first === undefined ? 0 : settleSecondsFor(this.#deps.settings, first.resourceType);
  }

  /**
   * Notes a call on its resources' window: the event that opens it queues the window's describe, delayed
   * by the settle period; later events are only noted. An event finding the window overdue by more than
   * {@link SETTLE_RESEND_AFTER_SECONDS} (its describe was lost) queues the describe again.
   * @throws SettleStoreError or SettleSendError: the event is retried, and a retried opening event re-sends.
   */
  async hold(call: HeldCall): Promise<HoldOutcome> {
    const seconds = this.settleSeconds(call.refs);
    const refs = call.refs.map(({ captureTime: _, ...ref }) => ref);
    const key = settleKeyOf(refs);
    const now = this.#deps.clock().getTime();
    const dueAt = now + seconds * 1000;
    const window = await this.#deps.store.note({
      key,
      eventId: call.eventId,
      eventTime: new Date(call.eventTime).toISOString(),
      dueAt,
      expiresAt: Math.floor(dueAt / 1000) + MARKER_TTL_DAYS * 86_400,
    });
    const outcome = (action: HoldOutcome['action'], due: number): HoldOutcome => ({
      action,
      key,
      windowId: window.windowId,
      events: eventCountOf(window),
      dueAt: new Date(due).toISOString(),
    });
    const message = (): SettledDescribe => ({
      vigil: SETTLED_DESCRIBE,
      version: SETTLED_DESCRIBE_VERSION,
      key,
      windowId: window.windowId,
      firstEventTime: window.firstEventTime,
      accountId: call.accountId,
      refs,
      settleSeconds: seconds,
    });
    // This event opened the window (or is the opening event redelivered after a failed send): queue the describe.
    if (window.windowId === call.eventId) {
      await this.#deps.queue.sendDelayed(message(), Math.ceil((window.dueAt - now) / 1000));
      return outcome('opened', window.dueAt);
    }
    if (now > window.dueAt + SETTLE_RESEND_AFTER_SECONDS * 1000) {
      if (await this.#deps.store.claimResend(key, window.windowId, window.dueAt, dueAt)) {
        await this.#deps.queue.sendDelayed(message(), seconds);
        return outcome('resent', dueAt);
      }
    }
    return outcome('coalesced', window.dueAt);
  }

  /**
   * Closes the window of a delivered describe, before describing: its marker is deleted first, so an event
   * arriving during the describe opens a new window instead of joining one already being read. The refs'
   * capture time is the newest event time the window saw (at most now).
   */
  async close(message: SettledDescribe): Promise<ClosedWindow> {
    const window = await this.#deps.store.take(message.key, message.windowId);
    if (window === undefined) return unmarkedWindow(message, this.#deps.clock());
    // Never later than now: an event time from the future (a forged event) must not make every later
    // item of the resource look stale.
    const latest = Math.max(Date.parse(latestEventTimeOf(window)), Date.parse(message.firstEventTime));
    const captureTime = new Date(Math.min(latest, this.#deps.clock().getTime())).toISOString();
    return {
      refs: message.refs.map((ref) => ({ ...ref, captureTime })),
      eventId: message.windowId,
      events: eventCountOf(window),
      window,
    };
  }
}

/**
 * A delivered describe whose marker is gone (closed by an earlier delivery of the same message, or settling
 * is off in this container): its refs as of the opening event (at most now).
 */
export function unmarkedWindow(message: SettledDescribe, now: Date): ClosedWindow {
  const captureTime = new Date(Math.min(Date.parse(message.firstEventTime), now.getTime())).toISOString();
  return {
    refs: message.refs.map((ref) => ({ ...ref, captureTime })),
    eventId: message.windowId,
    events: 1,
  };
}
