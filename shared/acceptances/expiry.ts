import type { Alert, Notifier } from '#shared/alerts/alert';
import { errorMessage } from '#shared/errors';
import { chainIdOf } from '#shared/evidence/finding';
import { soc2Criteria } from '#shared/frameworks/soc2';
import type { Rule } from '#shared/rules/rule';
import type { OpenFailure, OpenFailureSource } from '#shared/state/open-failures';
import { type Acceptance, acceptanceCovers, EXPIRY_WARNING_DAYS } from './acceptance';
import { appendChange, type RegisterDeps } from './register';
import type { RegisterEntry } from './register-chain';

const DAY_MS = 86_400_000;

/** What the expiry job needs. */
export interface ExpiryDeps extends RegisterDeps {
  readonly failures: OpenFailureSource;
  readonly notifier: Notifier;
  /** The job's AWS identity, recorded as `by` of the changes it writes. */
  readonly by: string;
  /** Titles and advice of the rules, for the alerts. */
  readonly rules: readonly Rule[];
  /** Human-readable location of an evidence key (`s3://bucket/key`). */
  readonly evidenceLocation?: (key: string) => string;
}

/** What one run of the expiry job did. */
export interface ExpiryReport {
  /** Acceptances whose owner was warned (and an `expiry-warned` change written). */
  readonly warned: readonly string[];
  /** Acceptances closed with a `lapsed` change, and the still-failing resources alerted again for each. */
  readonly lapsed: readonly { readonly id: string; readonly realerted: number }[];
  /** Acceptances that could not be handled this run (retried on the next). */
  readonly failed: readonly { readonly id: string; readonly error: string }[];
}

/** Whether an open failure is one the acceptance muted: marked with it, or (without tag delegation) covered by it. */
function mutedBy(acceptance: Acceptance, failure: OpenFailure): boolean {
  if (failure.acceptanceId === acceptance.id) return true;
  return (
    !acceptance.allowTagExemption &&
    acceptanceCovers(acceptance, {
      ruleId: failure.ruleId,
      accountId: failure.accountId,
      region: failure.region,
      resourceId: failure.resourceId,
      ...(failure.arn === undefined ? {} : { arn: failure.arn }),
    })
  );
}

function acceptanceInfo(
  entry: RegisterEntry,
  ended: 'expiring' | 'expired' | 'revoked',
): NonNullable<Alert['acceptance']> {
  const { acceptance } = entry;
  return {
    id: acceptance.id,
    owner: acceptance.owner,
    approver: acceptance.approver,
    reason: acceptance.reason,
    ...(acceptance.ticket === undefined ? {} : { ticket: acceptance.ticket }),
    expiresAt: acceptance.expiresAt,
    ended,
  };
}

function warningAlert(entry: RegisterEntry, deps: ExpiryDeps, now: Date): Alert {
  const { acceptance } = entry;
  const rule = deps.rules.find((candidate) => candidate.id === acceptance.ruleId);
  return {
    transition: 'ACCEPTANCE_EXPIRING',
    ruleId: acceptance.ruleId,
    ruleTitle: rule?.title ?? acceptance.ruleId,
    severity: rule?.severity ?? 'MEDIUM',
    soc2: [...soc2Criteria(acceptance.ruleId)],
    compliance: 'NON_COMPLIANT',
    annotation: `Risk acceptance ${acceptance.id} of ${acceptance.ruleId} on ${acceptance.resource} (owner ${acceptance.owner}, approved by ${acceptance.approver}: ${acceptance.reason}${acceptance.ticket === undefined ? '' : `, ${acceptance.ticket}`}) expires at ${acceptance.expiresAt}; after that its resources alert and are remediated again.`,
    remediationAdvice: rule?.remediationAdvice ?? '',
    resource: {
      accountId: acceptance.accountId,
      region: acceptance.region ?? '*',
      resourceType: 'Vigil::RiskAcceptance',
      resourceId: acceptance.resource,
    },
    captureTime: acceptance.createdAt,
    evaluatedAt: now.toISOString(),
    evidence: { key: `acceptance:${acceptance.id}`, hash: entry.changeHash },
    acceptance: acceptanceInfo(entry, 'expiring'),
  };
}

function lapseAlert(entry: RegisterEntry, failure: OpenFailure, deps: ExpiryDeps, now: Date): Alert {
  const { acceptance } = entry;
  const rule = deps.rules.find((candidate) => candidate.id === failure.ruleId);
  const ended = entry.revokedAt === undefined ? 'expired' : 'revoked';
  return {
    transition: 'NEW_FAILURE',
    ruleId: failure.ruleId,
    ruleTitle: rule?.title ?? failure.ruleId,
    severity: failure.severity,
    soc2: [...soc2Criteria(failure.ruleId)],
    compliance: 'NON_COMPLIANT',
    annotation: `Risk acceptance ${acceptance.id} ${ended === 'revoked' ? `was revoked (${entry.revokeReason ?? ''})` : `expired at ${acceptance.expiresAt}`} and the resource still fails: ${failure.annotation}`,
    remediationAdvice: rule?.remediationAdvice ?? '',
    resource: {
      accountId: failure.accountId,
      region: failure.region,
      resourceType: failure.resourceType,
      resourceId: failure.resourceId,
      ...(failure.resourceName === undefined ? {} : { resourceName: failure.resourceName }),
      ...(failure.arn === undefined ? {} : { arn: failure.arn }),
    },
    captureTime: failure.captureTime,
    evaluatedAt: now.toISOString(),
    evidence: {
      key: `acceptance:${acceptance.id}:${chainIdOf({ ...failure })}`,
      hash: entry.changeHash,
    },
    ...(failure.failingSince === undefined ? {} : { failingSince: failure.failingSince }),
    acceptance: acceptanceInfo(entry, ended),
  };
}

/**
 * The hourly expiry job: warns the owner of each acceptance expiring within seven days once (an
 * `expiry-warned` change records it, so it is not repeated), and closes each acceptance that expired or
 * was revoked with a `lapsed` change after alerting every resource it muted that is still failing. The
 * evaluator stops honouring an acceptance at its expiry on its own; this job only tells people. Open
 * failures are read (one Scan of the state table) only in a run that has something to close. A change is
 * written after its alerts were handed over, so a failed alert is retried next run, never lost.
 */
export async function runAcceptanceExpiry(deps: ExpiryDeps): Promise<ExpiryReport> {
  const now = deps.clock();
  const view = await deps.store.read();
  const warned: string[] = [];
  const lapsed: { id: string; realerted: number }[] = [];
  const failed: { id: string; error: string }[] = [];
  let openFailures: readonly OpenFailure[] | undefined;
  const entries = [...view.entries.values()].sort((a, b) => (a.acceptance.id < b.acceptance.id ? -1 : 1));
  for (const entry of entries) {
    const { acceptance } = entry;
    if (entry.lapsedAt !== undefined) continue;
    const expires = Date.parse(acceptance.expiresAt);
    const ended = entry.revokedAt !== undefined || now.getTime() >= expires;
    try {
      if (ended) {
        openFailures ??= (await deps.failures.listOpenFailures()).failures;
        const still = openFailures.filter((failure) => mutedBy(acceptance, failure));
        for (const failure of still) await deps.notifier.notify(lapseAlert(entry, failure, deps, now));
        await appendChange(acceptance.id, { change: 'lapsed', realerted: still.length }, deps.by, deps);
        lapsed.push({ id: acceptance.id, realerted: still.length });
      } else if (entry.warnedAt === undefined && expires - now.getTime() <= EXPIRY_WARNING_DAYS * DAY_MS) {
        await deps.notifier.notify(warningAlert(entry, deps, now));
        await appendChange(
          acceptance.id,
          { change: 'expiry-warned', expiresAt: acceptance.expiresAt },
          deps.by,
          deps,
        );
        warned.push(acceptance.id);
      }
    } catch (error) {
      failed.push({ id: acceptance.id, error: errorMessage(error) });
    }
  }
  return { warned, lapsed, failed };
}
