import type { PutEvidenceResult } from '#shared/evidence/evidence-store';
import { AcceptanceError } from './acceptance';
import {
  applyChange,
  type ChangeBody,
  changeDocument,
  changeKey,
  parseChangeDocument,
  type RegisterChange,
  type RegisterEntry,
  type RegisterView,
  sealChange,
} from './register-chain';
import type { RegisterStore } from './register-store';

/** Where register changes are kept as evidence: write-once, locked objects, and reads of them. */
export interface RegisterEvidence {
  /** Writes a locked object unless the key exists (`exists` then). */
  putLockedDocument(key: string, body: string, retainFrom: Date): Promise<PutEvidenceResult>;
  /** The stored bytes of an object, or `undefined` when there is none. */
  read(key: string): Promise<Uint8Array | undefined>;
}

/** What appending a change needs. */
export interface RegisterDeps {
  readonly store: RegisterStore;
  readonly evidence: RegisterEvidence;
  readonly clock: () => Date;
  /** How often to retry when another change took the next sequence (default 5). */
  readonly maxAttempts?: number;
}

/** A register change and where its evidence is. */
export interface AppendedChange {
  readonly change: RegisterChange;
  readonly key: string;
  readonly entry: RegisterEntry;
}

/**
 * Appends one change to the register: the change is sealed after the current head, written as a locked
 * object under its sequence's key (If-None-Match, so two writers never both store a sequence), and only then
 * made the head in the state table on condition the head did not move. A change stored in the bucket whose
 * table write was lost is rolled forward by the next writer, so the table never holds what the locked chain
 * does not, and the chain never forks.
 * @throws AcceptanceError when the change does not fit the register (unknown id, already revoked, …) or
 *   other writers kept winning.
 */
export async function appendChange(
  acceptanceId: string,
  body: ChangeBody,
  by: string,
  deps: RegisterDeps,
  check: (entry: RegisterEntry | undefined, view: RegisterView) => void = () => {},
): Promise<AppendedChange> {
  const maxAttempts = deps.maxAttempts ?? 5;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    const view = await deps.store.read();
    const current = view.entries.get(acceptanceId);
    check(current, view);
    const change = sealChange(view.head, body, { acceptanceId, at: deps.clock(), by });
    const applied = applyChange(current, change);
    if ('problem' in applied) throw new AcceptanceError(applied.problem, { context: { acceptanceId } });
    const key = changeKey(change.sequence);
    const stored = await deps.evidence.putLockedDocument(key, changeDocument(change), new Date(change.at));
    if (stored.status === 'exists') {
      await rollForward(key, view, deps);
      continue;
    }
    if ((await deps.store.advance(change, applied.entry, view.head)) === 'advanced') {
      return { change, key, entry: applied.entry };
    }
    // The table moved after the object was stored: impossible unless the table was written outside this
    // path; the stored object is the chain's truth, so roll it forward on the next pass.
  }
  throw new AcceptanceError(`the register kept changing; gave up after ${maxAttempts} attempts`, {
    context: { acceptanceId },
  });
}

/**
 * Applies to the table a change that is in the bucket but not yet the head (a writer that stored the
 * object and lost the table write); a stored object that does not follow the head is left alone and the
 * writer retries (the chain check of `vigil verify` reports it).
 */
async function rollForward(key: string, view: RegisterView, deps: RegisterDeps): Promise<void> {
  const bytes = await deps.evidence.read(key);
  if (bytes === undefined) return;
  const parsed = parseChangeDocument(Buffer.from(bytes).toString('utf8'));
  if ('problem' in parsed) {
    throw new AcceptanceError(`register change ${key} ${parsed.problem}; the register needs repair`, {
      context: { key },
    });
  }
  const { change } = parsed;
  if (change.previousHash !== view.head.hash || change.sequence !== view.head.sequence + 1) return;
  const applied = applyChange(view.entries.get(change.acceptanceId), change);
  if ('problem' in applied) {
    throw new AcceptanceError(`register change ${key} does not fit the register: ${applied.problem}`, {
      context: { key },
    });
  }
  await deps.store.advance(change, applied.entry, view.head);
}
