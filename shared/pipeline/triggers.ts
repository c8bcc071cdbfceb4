import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { ConfigRecorder } from '#shared/config-recorder/config-recorder';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceDescriber, ResourceRef } from '#shared/describe/describer';
import type { Trigger } from '#shared/evidence/finding';
import { assertTimeLeft, type InvocationDeadline } from '#shared/invocation-deadline';
import type { AccountAccess } from '#shared/organization/account-access';
import { type HoldOutcome, type Settler, unmarkedWindow } from '#shared/settle/settler';
import { type PipelineInput, parseQueuedEvent } from './events';
import { EvidenceBatch } from './evidence-batch';
import { SELF_ONLY_INVENTORY, withFreshItems } from './inventory-provider';
import { type PipelineDeps, type ProcessResult, processConfigurationItem } from './process';

/** The ports a trigger needs beyond the pipeline's: the Config recorder and the service describer. */
export interface TriggerDeps extends PipelineDeps {
  readonly recorder: ConfigRecorder;
  readonly describer: ResourceDescriber;
  /** The region this function runs in (for the account item of periodic evaluations). */
  readonly region: string;
  /** The monitored account: inputs about another account are rejected; unset accepts any account. */
  readonly accountId?: string;
  /**
   * The describer and recorder of any account and region this deployment reaches (member accounts through
   * their roles); absent, `describer` and `recorder` serve every input.
   */
  readonly access?: AccountAccess;
  /**
   * Settle and coalesce of CloudTrail-triggered describes (docs/settle.md); absent, every call is described
   * at once and a settled describe still delivered is described without its marker.
   */
  readonly settle?: Settler;
}

/** The describer of an account and region (the deployment's own when it has no account access). */
export function describerOf(deps: TriggerDeps, accountId: string, region: string): ResourceDescriber {
  return deps.access?.describer(accountId, region) ?? deps.describer;
}

/** The Config recorder of an account and region (the deployment's own when it has no account access). */
export function recorderOf(deps: TriggerDeps, accountId: string, region: string): ConfigRecorder {
  return deps.access?.recorder(accountId, region) ?? deps.recorder;
}

/** What became of one input event. */
export type InputOutcome =
  | {
      readonly status: 'processed';
      readonly trigger: Trigger;
      readonly results: readonly ProcessResult[];
      /** A settled describe: how many CloudTrail events its window coalesced. */
      readonly coalesced?: number;
    }
  /** A CloudTrail call held until its resources settle: noted on their window, described when it closes. */
  | { readonly status: 'settling'; readonly reason: string; readonly hold: HoldOutcome }
  | { readonly status: 'ignored'; readonly reason: string }
  | { readonly status: 'rejected'; readonly reason: string; readonly storedAt?: string };

/**
 * Runs the pipeline for one classified input: a full item directly, an oversized one after fetching it from
 * Config, a CloudTrail call after describing every resource it touched.
 * @throws on failures worth retrying (AWS errors); bad input is an outcome, never a throw.
 */
export async function handlePipelineInput(input: PipelineInput, deps: TriggerDeps): Promise<InputOutcome> {
  const screened = screenInput(input, deps);
  if (screened !== undefined) return screened;
  switch (input.kind) {
    case 'item': {
      const result = await processConfigurationItem(
        input.item,
        { trigger: 'config-change', eventId: input.eventId },
        deps,
      );
      return { status: 'processed', trigger: 'config-change', results: [result] };
    }
    case 'oversized': {
      const item = await recorderOf(deps, input.ref.accountId, input.ref.region).itemAt(
        input.ref,
        input.ref.captureTime,
      );
      if (item === undefined) {
        return {
          status: 'ignored',
          reason: `${input.ref.resourceType} ${input.ref.resourceId} is not recorded by Config`,
        };
      }
      const result = await processConfigurationItem(
        item,
        { trigger: 'config-oversized', eventId: input.eventId },
        deps,
      );
      return { status: 'processed', trigger: 'config-oversized', results: [result] };
    }
    case 'cloudtrail': {
      const refs = refsFromCloudTrail(input.record, input.accountId);
      if (refs.length === 0) {
        return {
          status: 'ignored',
          reason: `${input.record.eventSource} ${input.record.eventName} is not covered`,
        };
      }
      if (deps.settle !== undefined && deps.settle.settleSeconds(refs) > 0) {
        const hold = await deps.settle.hold({
          eventId: input.eventId,
          eventTime: input.record.eventTime,
          accountId: input.accountId,
          refs,
        });
        const reason = `${hold.action} settle window ${hold.key} (${hold.events} event(s)), due ${hold.dueAt}`;
        return { status: 'settling', reason, hold };
      }
      const results = await describeAndProcess(refs, input.eventId, deps);
      return { status: 'processed', trigger: 'cloudtrail', results };
    }
    case 'settled': {
      const closed =
        deps.settle === undefined
          ? unmarkedWindow(input.message, deps.clock())
          : await deps.settle.close(input.message);
      const results = await describeAndProcess(closed.refs, closed.eventId, deps);
      return { status: 'processed', trigger: 'cloudtrail', results, coalesced: closed.events };
    }
    case 'ignored':
      return { status: 'ignored', reason: input.reason };
    case 'rejected':
      return { status: 'rejected', reason: input.reason };
    default: {
      const unreachable: never = input;
      return { status: 'rejected', reason: `unknown input ${String(unreachable)}` };
    }
  }
}

/**
 * Describes every resource one CloudTrail call touched, in order, and runs the pipeline on each. A later item
 * of the same call (the account after its trail) is judged against the items described before it, not
 * against a cached copy from before the change.
 */
async function describeAndProcess(
  refs: readonly ResourceRef[],
  eventId: string,
  deps: TriggerDeps,
): Promise<ProcessResult[]> {
  const results: ProcessResult[] = [];
  const described: ConfigurationItem[] = [];
  for (const ref of refs) {
    // Types Vigil cannot describe itself (the S3 account public access block) come from Config.
    const describer = describerOf(deps, ref.accountId, ref.region);
    const item = describer.supportedTypes.includes(ref.resourceType)
      ? await describer.describe(ref)
      : await recorderOf(deps, ref.accountId, ref.region).itemAt(
          { resourceType: ref.resourceType, resourceId: ref.resourceId ?? ref.lookupId },
          ref.captureTime,
        );
    if (item === undefined) continue;
    if (deps.engine.rulesReading(item.resourceType).length > 0) deps.inventory?.remember?.([item]);
    const inventory = withFreshItems(deps.inventory ?? SELF_ONLY_INVENTORY, described);
    results.push(
      await processConfigurationItem(item, { trigger: 'cloudtrail', eventId }, { ...deps, inventory }),
    );
    described.push(item);
  }
  return results;
}

/** The account an input is about, when it names one. */
function accountOf(input: PipelineInput): string | undefined {
  switch (input.kind) {
    case 'item':
      return input.item.accountId;
    case 'oversized':
      return input.ref.accountId;
    case 'cloudtrail':
      return input.accountId;
    case 'settled':
      return input.message.accountId;
    default:
      return undefined;
  }
}

/**
 * Turns away, before any AWS call, inputs about another account (rejected: someone routed foreign events
 * here, a person must look) and items of a type no enabled rule judges (ignored).
 */
function screenInput(input: PipelineInput, deps: TriggerDeps): InputOutcome | undefined {
  const account = accountOf(input);
  if (deps.accountId !== undefined && account !== undefined && account !== deps.accountId) {
    return {
      status: 'rejected',
      reason: `event is about account ${account}; this deployment monitors ${deps.accountId}`,
    };
  }
  if (deps.access !== undefined && account !== undefined && !deps.access.reaches(account)) {
    return {
      status: 'rejected',
      reason: `event is about account ${account}, not a member of this deployment`,
    };
  }
  const resourceType =
    input.kind === 'item'
      ? input.item.resourceType
      : input.kind === 'oversized'
        ? input.ref.resourceType
        : undefined;
  if (resourceType !== undefined && deps.engine.rulesFor(resourceType).length === 0) {
    return { status: 'ignored', reason: `no enabled rule judges ${resourceType}` };
  }
  return undefined;
}

/** One SQS message as the evaluator receives it. */
export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
}

/** What became of one SQS message, with the error when it must be retried. */
export type MessageOutcome =
  | { readonly messageId: string; readonly outcome: InputOutcome }
  | { readonly messageId: string; readonly error: unknown };

/**
 * Processes an SQS batch of EventBridge events in order, recording their evidence in one batch written at the
 * end. Malformed bodies are acknowledged and kept as rejected-input evidence (retrying cannot fix them); a
 * message whose processing or evidence write failed is reported for retry, and the rest of the batch still
 * runs. With a `deadline`, messages after the first that would start with too little time left are
 * reported for retry unread (the first always runs, so a deadline that can never be met still lets a batch
 * make progress instead of sending every message to the dead-letter queue).
 */
export async function processQueuedMessages(
  messages: readonly QueuedMessage[],
  deps: TriggerDeps,
  deadline?: InvocationDeadline,
): Promise<{
  readonly batchItemFailures: { itemIdentifier: string }[];
  readonly outcomes: MessageOutcome[];
}> {
  const batch = new EvidenceBatch(deps);
  const outcomes: MessageOutcome[] = [];
  for (const [index, message] of messages.entries()) {
    try {
      if (index > 0) assertTimeLeft(deadline, `message ${message.messageId}`);
      const input = parseQueuedEvent(message.body);
      let outcome = await handlePipelineInput(input, { ...deps, batch, batchTag: message.messageId });
      if (outcome.status === 'rejected') {
        const stored = await deps.evidence.putRejectedInput(message.body, outcome.reason, deps.clock());
        outcome = { ...outcome, storedAt: stored.key };
      }
      outcomes.push({ messageId: message.messageId, outcome });
    } catch (error) {
      outcomes.push({ messageId: message.messageId, error });
    }
  }
  // One evidence object per account and region for the whole batch; a message whose evidence could not
  // be written is retried (its claims stay pending in their state rows and the retry finishes them).
  const report = await batch.flush();
  const unwritten = new Map<string, unknown>();
  for (const failure of report.failures) for (const tag of failure.tags) unwritten.set(tag, failure.error);
  const settled = outcomes.map((outcome): MessageOutcome => {
    const error = unwritten.get(outcome.messageId);
    return error === undefined || 'error' in outcome ? outcome : { messageId: outcome.messageId, error };
  });
  return {
    batchItemFailures: settled
      .filter((outcome) => 'error' in outcome)
      .map((outcome) => ({ itemIdentifier: outcome.messageId })),
    outcomes: settled,
  };
}
