import { z } from 'zod';
import { canonicalJson } from '#shared/evidence/canonical-json';
import { sha256Hex } from '#shared/evidence/finding';
import { type Acceptance, AcceptanceIdSchema, AcceptanceSchema } from './acceptance';

/** Version of the register change schema. */
export const REGISTER_SCHEMA_VERSION = 1;

/** Prefix of the register's change objects in the evidence bucket (one locked object per change). */
export const ACCEPTANCES_PREFIX = 'acceptances/';

/**
 * What a register change does: `accepted` adds an acceptance, `revoked` ends it early (by a person),
 * `expiry-warned` records that the owner was warned before expiry, and `lapsed` records that the expiry job
 * closed an acceptance that expired or was revoked and alerted its still-failing resources again.
 */
export const CHANGE_KINDS = ['accepted', 'revoked', 'expiry-warned', 'lapsed'] as const;

/** One kind of register change. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

const ChangeBase = {
  kind: z.literal('acceptance-change'),
  schemaVersion: z.literal(REGISTER_SCHEMA_VERSION),
  /** Position in the register chain, from 1. */
  sequence: z.number().int().min(1),
  /** Hash of change `sequence - 1`; null for the first. */
  previousHash: sha256HexSchema.nullable(),
  acceptanceId: AcceptanceIdSchema,
  at: z.iso.datetime(),
  /** The AWS identity that made the change (a person's role for accepted/revoked, the job's for the others). */
  by: z.string().min(1),
  hash: sha256HexSchema,
};

/** One change of the risk-acceptance register, hash-chained to the change before it. */
export const RegisterChangeSchema = z.discriminatedUnion('change', [
  z.object({ ...ChangeBase, change: z.literal('accepted'), acceptance: AcceptanceSchema }),
  z.object({ ...ChangeBase, change: z.literal('revoked'), reason: z.string().trim().min(1) }),
  z.object({ ...ChangeBase, change: z.literal('expiry-warned'), expiresAt: z.iso.datetime() }),
  z.object({ ...ChangeBase, change: z.literal('lapsed'), realerted: z.number().int().min(0) }),
]);

/** One stored register change. */
export type RegisterChange = z.infer<typeof RegisterChangeSchema>;

/** The change-specific part of a change, before it is placed in the chain. */
export type ChangeBody =
  | { readonly change: 'accepted'; readonly acceptance: Acceptance }
  | { readonly change: 'revoked'; readonly reason: string }
  | { readonly change: 'expiry-warned'; readonly expiresAt: string }
  | { readonly change: 'lapsed'; readonly realerted: number };

/** Where the register chain stands: the newest change's sequence and hash (0 and null when empty). */
export interface RegisterHead {
  readonly sequence: number;
  readonly hash: string | null;
}

/** The head of an empty register. */
export const EMPTY_HEAD: RegisterHead = { sequence: 0, hash: null };

/** The hash of a change: SHA-256 over the canonical JSON of every field but `hash`. */
export function hashChange(change: Omit<RegisterChange, 'hash'> | RegisterChange): string {
  const { hash: _ignored, ...rest } = change as RegisterChange;
  return sha256Hex(canonicalJson(rest));
}

/** Places a change after `head`, sealed with its hash. */
export function sealChange(
  head: RegisterHead,
  body: ChangeBody,
  meta: { readonly acceptanceId: string; readonly at: Date; readonly by: string },
): RegisterChange {
  const unsealed = {
    kind: 'acceptance-change' as const,
    schemaVersion: REGISTER_SCHEMA_VERSION,
    sequence: head.sequence + 1,
    previousHash: head.hash,
    acceptanceId: meta.acceptanceId,
    at: meta.at.toISOString(),
    by: meta.by,
    ...body,
  };
  return RegisterChangeSchema.parse({
    ...unsealed,
    hash: hashChange(unsealed as Omit<RegisterChange, 'hash'>),
  });
}

/** Object key of change `sequence`: zero-padded, so keys sort in chain order and one sequence has one key. */
export function changeKey(sequence: number): string {
  return `${ACCEPTANCES_PREFIX}${String(sequence).padStart(10, '0')}.json`;
}

/** The sequence a change key names, or `undefined` for another key. */
export function sequenceOfKey(key: string): number | undefined {
  const match = /^acceptances\/(\d{10})\.json$/.exec(key);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** The exact stored bytes of a change: canonical JSON and a newline. */
export function changeDocument(change: RegisterChange): string {
  return `${canonicalJson(change)}\n`;
}

/** Parses a stored change and checks its hash and canonical form; a problem is returned, never thrown. */
export function parseChangeDocument(text: string): { change: RegisterChange } | { problem: string } {
  if (!text.endsWith('\n')) return { problem: 'does not end with a newline' };
  const line = text.slice(0, -1);
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { problem: 'is not JSON' };
  }
  const parsed = RegisterChangeSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `is not a register change (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})` };
  }
  const expected = hashChange(parsed.data);
  if (expected !== parsed.data.hash)
    return { problem: `hash mismatch (stored ${parsed.data.hash}, computed ${expected})` };
  if (canonicalJson(parsed.data) !== line) return { problem: 'is not stored as canonical JSON' };
  return { change: parsed.data };
}

/** Where an acceptance stands at some time. */
export type AcceptanceStatus = 'active' | 'expiring' | 'pending' | 'expired' | 'revoked' | 'lapsed';

/** One acceptance and what the register's later changes did to it. */
export interface RegisterEntry {
  readonly acceptance: Acceptance;
  /** Hash of the `accepted` change that created it (what a marked finding quotes). */
  readonly changeHash: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  readonly revokeReason?: string;
  readonly warnedAt?: string;
  readonly lapsedAt?: string;
}

/** The register as its changes leave it: every acceptance by id, and the head. */
export interface RegisterView {
  readonly head: RegisterHead;
  readonly entries: ReadonlyMap<string, RegisterEntry>;
}

/**
 * Applies one change to an entry (or creates it).
 * @returns the new entry, or a problem when the change does not fit (a second `accepted`, a change of an unknown id).
 */
export function applyChange(
  entry: RegisterEntry | undefined,
  change: RegisterChange,
): { entry: RegisterEntry } | { problem: string } {
  if (change.change === 'accepted') {
    if (entry !== undefined) return { problem: `acceptance ${change.acceptanceId} was already accepted` };
    if (change.acceptance.id !== change.acceptanceId)
      return { problem: 'acceptance id differs from the change id' };
    return { entry: { acceptance: change.acceptance, changeHash: change.hash } };
  }
  if (entry === undefined)
    return { problem: `${change.change} names unknown acceptance ${change.acceptanceId}` };
  switch (change.change) {
    case 'revoked':
      if (entry.revokedAt !== undefined)
        return { problem: `acceptance ${change.acceptanceId} was already revoked` };
      return { entry: { ...entry, revokedAt: change.at, revokedBy: change.by, revokeReason: change.reason } };
    case 'expiry-warned':
      return { entry: { ...entry, warnedAt: change.at } };
    case 'lapsed':
      return { entry: { ...entry, lapsedAt: change.at } };
    default: {
      const never: never = change;
      return { problem: `unknown change ${String(never)}` };
    }
  }
}

/** Status of an entry at `now`. */
export function statusOf(entry: RegisterEntry, now: Date): AcceptanceStatus {
  if (entry.lapsedAt !== undefined) return 'lapsed';
  if (entry.revokedAt !== undefined) return 'revoked';
  const time = now.getTime();
  const expires = Date.parse(entry.acceptance.expiresAt);
  if (time >= expires) return 'expired';
  if (time < Date.parse(entry.acceptance.startsAt)) return 'pending';
  return expires - time <= 7 * 86_400_000 ? 'expiring' : 'active';
}

/** Whether an entry covers evaluations at `at`: in its window and not revoked before `at`. */
export function inForce(entry: RegisterEntry, at: Date): boolean {
  const time = at.getTime();
  if (entry.revokedAt !== undefined && time >= Date.parse(entry.revokedAt)) return false;
  if (entry.lapsedAt !== undefined && time >= Date.parse(entry.lapsedAt)) return false;
  return time >= Date.parse(entry.acceptance.startsAt) && time < Date.parse(entry.acceptance.expiresAt);
}
