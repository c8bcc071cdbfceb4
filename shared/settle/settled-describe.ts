import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ResourceRef } from '#shared/describe/describer';

/** The `vigil` marker of a settled-describe message body (never a field of an EventBridge event). */
export const SETTLED_DESCRIBE = 'settled-describe';

/** Version of the settled-describe body; bump on any change a reader must know about. */
export const SETTLED_DESCRIBE_VERSION = 1;

/** Most resources one settled describe names (one CloudTrail call's refs). */
const MAX_REFS = 50;

const isoTime = z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a time');

const SettledRefSchema = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  region: z.string().min(1),
  resourceType: z.string().regex(/^AWS::\w*::\w+$/),
  lookupId: z.string().min(1),
  resourceId: z.string().min(1).optional(),
});

/**
 * The delayed message a settle window sends to the change queue: describe these resources once the window
 * is over. It names resources only, never a state or a verdict: whatever it names is read from AWS.
 */
export const SettledDescribeSchema = z
  .object({
    vigil: z.literal(SETTLED_DESCRIBE),
    version: z.literal(SETTLED_DESCRIBE_VERSION),
    /** The window's marker key in the state table. */
    key: z.string().min(1).max(1024),
    /** The EventBridge id of the event that opened the window (the findings' `source.eventId`). */
    windowId: z.string().min(1),
    /** The opening event's CloudTrail `eventTime`. */
    firstEventTime: isoTime,
    /** The account every ref belongs to. */
    accountId: z.string().regex(/^\d{12}$/),
    /** The resources of the call, in the order they are described (account-scoped items last). */
    refs: z.array(SettledRefSchema).min(1).max(MAX_REFS),
    settleSeconds: z.number().int().min(0).max(900),
  })
  .refine((body) => body.refs.every((ref) => ref.accountId === body.accountId), {
    message: 'every ref must be in the message account',
    path: ['refs'],
  })
  .refine((body) => body.refs.length === 0 || body.key === settleKeyOf(body.refs), {
    message: 'key does not match the refs',
    path: ['key'],
  });

/** A settled-describe message body. */
export type SettledDescribe = z.infer<typeof SettledDescribeSchema>;

/** A ref without its capture time (the settled describe sets it when the window closes). */
export type SettleRef = Omit<ResourceRef, 'captureTime'>;

/** Whether a parsed JSON body claims to be a settled describe (then it must parse as one, or is rejected). */
export function isSettledDescribeBody(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && 'vigil' in raw;
}

/**
 * The state-table partition of one settle window: `SETTLE#<account>#<region>#<type>#<id>` for a call that
 * touched one resource; a call touching several adds `+<count>#<hash of the refs>`, so only calls about the
 * same resources, listed in the same order (the same API call), coalesce, and their describe keeps that order.
 */
export function settleKeyOf(refs: readonly SettleRef[]): string {
  const [first] = refs;
  if (first === undefined) throw new RangeError('a settle window needs at least one resource');
  const base = `SETTLE#${first.accountId}#${first.region}#${first.resourceType}#${first.lookupId}`;
  if (refs.length === 1) return base;
  const names = refs.map((ref) => `${ref.region}#${ref.resourceType}#${ref.lookupId}`);
  const hash = createHash('sha256').update(names.join('\n')).digest('hex').slice(0, 16);
  return `${base}+${refs.length - 1}#${hash}`;
}
