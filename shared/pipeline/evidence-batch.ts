import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { type Alert, AlertSchema, type Notifier } from '#shared/alerts/alert';
import { errorMessage } from '#shared/errors';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import { batchKey, serializeBatch } from '#shared/evidence/finding';
import { PipelineError } from './errors';

/** What one claim adds to a batch: its evidence lines and the alerts to publish before they are stored. */
export interface StagedEvidence {
  readonly lines: readonly string[];
  readonly alerts: readonly Alert[];
}

const PendingBodySchema = z.object({ lines: z.array(z.string()), alerts: z.array(z.unknown()) });

/** The gzipped form of staged evidence kept in a state row until its batch is known to be stored. */
export function encodePending(evidence: StagedEvidence): Uint8Array {
  return new Uint8Array(gzipSync(JSON.stringify({ lines: evidence.lines, alerts: evidence.alerts })));
}

/**
 * Reads evidence kept in a state row.
 * @throws PipelineError when the bytes are not what {@link encodePending} wrote.
 */
export function decodePending(body: Uint8Array): StagedEvidence {
  try {
    const parsed = PendingBodySchema.parse(JSON.parse(gunzipSync(body).toString('utf8')));
    return { lines: parsed.lines, alerts: parsed.alerts.map((alert) => AlertSchema.parse(alert)) };
  } catch (error) {
    throw new PipelineError('pending evidence in a state row is unreadable', { cause: error });
  }
}

/** Keys this container wrote or saw stored: a pending batch under one of them needs no HEAD to confirm. */
class ConfirmedKeys {
  readonly #keys = new Set<string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  add(key: string): void {
    if (this.#keys.size >= this.#limit) {
      const oldest = this.#keys.values().next();
      if (oldest.done !== true) this.#keys.delete(oldest.value);
    }
    this.#keys.add(key);
  }
}

const CONFIRMED = new ConfirmedKeys(10_000);

/** Existence checks in flight, so concurrent inputs waiting on one pending object ask once. */
const CHECKING = new Map<string, Promise<boolean>>();

/** One evidence object of a batch: everything staged for one account and region. */
interface Group {
  readonly key: string;
  readonly lines: string[];
  readonly alerts: Alert[];
  readonly tags: Set<string>;
  /** Owner tokens of the claims whose evidence is staged here. */
  readonly claims: Set<string>;
  /** Why the object must not be written (a claim naming it may hold evidence that is not staged here). */
  withheld?: unknown;
}

/** What a flush wrote and what it could not. */
export interface FlushReport {
  readonly written: readonly string[];
  readonly failures: readonly {
    readonly key: string;
    readonly tags: readonly string[];
    readonly error: unknown;
  }[];
}

/** The ports a batch writes through. */
export interface EvidenceBatchDeps {
  readonly evidence: EvidenceStore;
  readonly notifier: Notifier;
  readonly clock: () => Date;
}

/**
 * The evidence of one invocation: every claim stages its lines here, and one flush publishes the alerts and
 * writes one locked object per account and region, instead of one object per rule evaluation. Lines carry
 * the tag (an SQS message id) of the input that staged them, so a failed write fails exactly those inputs.
 */
export class EvidenceBatch {
  readonly #deps: EvidenceBatchDeps;
  readonly #groups = new Map<string, Group>();
  readonly #id = randomBytes(8).toString('hex');
  #objects = 0;

  constructor(deps: EvidenceBatchDeps) {
    this.#deps = deps;
  }

  /**
   * The object key this batch writes the evidence of `accountId`/`region` to, fixed on first use so a claim
   * can name it; dated by the hour of that first use, which the flush follows within the invocation.
   */
  keyFor(accountId: string, region: string): string {
    return this.#group(accountId, region).key;
  }

  /**
   * Adds evidence to the object of `accountId`/`region`, on behalf of `tag` when given; `claim` names the
   * owner token of the state-row claim this evidence is pending for.
   */
  stage(accountId: string, region: string, evidence: StagedEvidence, tag?: string, claim?: string): void {
    const group = this.#group(accountId, region);
    group.lines.push(...evidence.lines);
    group.alerts.push(...evidence.alerts);
    if (tag !== undefined) group.tags.add(tag);
    if (claim !== undefined) group.claims.add(claim);
  }

  /**
   * Whether the claim of `owner`, pending under `key`, has its evidence staged in this batch and not flushed
   * yet: it is this invocation's own, written by this batch's flush, never to be waited for or staged again.
   */
  holdsClaim(key: string, owner: string): boolean {
    return [...this.#groups.values()].some((group) => group.key === key && group.claims.has(owner));
  }

  /**
   * Keeps the object under `key` from being written by this batch: a claim naming it has an unknown outcome
   * (`reason`), so the object could exist without that claim's evidence. Its inputs fail at the flush and are
   * retried; their rows still name the unwritten key, so the retries recover the evidence from them.
   */
  withhold(key: string, reason: unknown): void {
    for (const group of this.#groups.values()) if (group.key === key) group.withheld = reason;
  }

  /** Whether the object under `key` is known to be stored (written or confirmed by this container). */
  isConfirmed(key: string): boolean {
    return CONFIRMED.has(key);
  }

  /** Notes that the object under `key` is stored. */
  confirm(key: string): void {
    CONFIRMED.add(key);
  }

  /**
   * Whether the object under `key` is stored: known to this container, or asked of the store once however
   * many inputs ask at the same time (a sweep chunk's resources often share one pending object).
   */
  async isStored(key: string): Promise<boolean> {
    if (CONFIRMED.has(key)) return true;
    let asked = CHECKING.get(key);
    if (asked === undefined) {
      asked = this.#deps.evidence.exists(key).finally(() => CHECKING.delete(key));
      CHECKING.set(key, asked);
    }
    const stored = await asked;
    if (stored) this.confirm(key);
    return stored;
  }

  /** Whether anything is staged. */
  get isEmpty(): boolean {
    return [...this.#groups.values()].every((group) => group.lines.length === 0);
  }

  /**
   * Publishes every staged alert, then writes each object (write-once, locked). Alerts go first so a crash
   * between the two is finished from the state row, which may publish an alert twice but never loses one.
   * Groups fail independently; staged evidence is cleared either way (failed claims stay pending in their
   * rows and are finished by the retry).
   */
  async flush(): Promise<FlushReport> {
    const groups = [...this.#groups.values()].filter(
      (group) => group.lines.length > 0 || group.withheld !== undefined,
    );
    this.#groups.clear();
    const written: string[] = [];
    const failures: { key: string; tags: string[]; error: unknown }[] = [];
    for (const group of groups.filter((candidate) => candidate.withheld !== undefined)) {
      failures.push({
        key: group.key,
        tags: [...group.tags],
        error: new PipelineError(
          `evidence batch ${group.key} withheld: a state claim naming it has an unknown outcome (${errorMessage(group.withheld)})`,
          {
            cause: group.withheld,
            context: { key: group.key },
          },
        ),
      });
    }
    await Promise.all(
      groups
        .filter((group) => group.withheld === undefined && group.lines.length > 0)
        .map(async (group) => {
          try {
            for (const alert of group.alerts) await this.#deps.notifier.notify(alert);
            await this.#deps.evidence.putBatch(group.key, serializeBatch(group.lines), this.#deps.clock());
            this.confirm(group.key);
            written.push(group.key);
          } catch (error) {
            failures.push({ key: group.key, tags: [...group.tags], error });
          }
        }),
    );
    return { written, failures };
  }

  /**
   * Flushes and throws when any object could not be written.
   * @throws PipelineError naming the first failure (retryable: the claims stay pending in their rows).
   */
  async flushOrThrow(): Promise<readonly string[]> {
    const report = await this.flush();
    const [first] = report.failures;
    if (first !== undefined) {
      throw new PipelineError(
        `evidence batch ${first.key} was not stored: ${first.error instanceof Error ? first.error.message : String(first.error)}`,
        { cause: first.error, context: { key: first.key } },
      );
    }
    return report.written;
  }

  #group(accountId: string, region: string): Group {
    const id = `${accountId}\n${region}`;
    let group = this.#groups.get(id);
    if (group === undefined) {
      const key = batchKey(accountId, region, this.#deps.clock(), `${this.#id}-${this.#objects++}`);
      group = { key, lines: [], alerts: [], tags: new Set(), claims: new Set() };
      this.#groups.set(id, group);
    }
    return group;
  }
}
