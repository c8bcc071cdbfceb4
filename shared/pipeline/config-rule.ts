import { z } from 'zod';
import { type ConfigurationItem, normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import type { ConfigEvaluation } from '#shared/config-recorder/config-recorder';
import { soc2Criteria } from '#shared/frameworks/soc2';
import { type Evaluation, RuleEngine, truncateAnnotation } from '#shared/rules/engine';
import { ACCOUNT_RESOURCE_TYPE, type Compliance, type Rule } from '#shared/rules/rule';
import { PipelineError } from './errors';
import { parseOversizedSummary } from './events';
import { EvidenceBatch } from './evidence-batch';
import { SELF_ONLY_INVENTORY } from './inventory-provider';
import { processConfigurationItem, recordEvaluations } from './process';
import type { TriggerDeps } from './triggers';

/** The event AWS Config sends a custom Lambda rule. */
export const ConfigRuleInvocationSchema = z.object({
  invokingEvent: z.string(),
  ruleParameters: z.string().optional(),
  resultToken: z.string().min(1),
  eventLeftScope: z.boolean().optional(),
  configRuleName: z.string().min(1),
  configRuleArn: z.string().optional(),
  accountId: z.string().min(1),
  executionRoleArn: z.string().optional(),
  version: z.string().optional(),
});

/** A Config custom rule invocation. */
export type ConfigRuleInvocation = z.infer<typeof ConfigRuleInvocationSchema>;

const InvokingEventSchema = z.object({
  messageType: z.string(),
  configurationItem: z.unknown().optional(),
  configurationItemSummary: z.unknown().optional(),
  notificationCreationTime: z.string().optional(),
  awsAccountId: z.string().optional(),
});

/** The invocation cannot be evaluated whatever the retries (bad JSON, unknown rule, bad parameters). */
export class ConfigRuleInvocationError extends PipelineError {
  override readonly name: string = 'ConfigRuleInvocationError';
}

/** Rule parameter that names the Vigil rule a Config rule runs. */
export const VIGIL_RULE_PARAMETER = 'vigilRuleId';

/** What a Config rule invocation did. */
export interface ConfigRuleOutcome {
  readonly messageType: string;
  readonly reported: readonly ConfigEvaluation[];
  readonly refused: readonly ConfigEvaluation[];
  readonly evaluations: number;
}

function parseJsonObject(text: string | undefined, what: string): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigRuleInvocationError(`${what} is not JSON`, { cause: error });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigRuleInvocationError(`${what} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The rules a Config rule runs: the `vigilRuleId` parameter, else a Config rule named after a Vigil rule
 * (optionally prefixed `vigil-`), else every enabled rule (aggregate mode: one Config rule for all of Vigil).
 * Other parameters override the single rule's parameters.
 */
export function engineForConfigRule(
  invocation: Pick<ConfigRuleInvocation, 'configRuleName'>,
  parameters: Readonly<Record<string, unknown>>,
  base: RuleEngine,
): { readonly engine: RuleEngine; readonly single: Rule | undefined } {
  const { [VIGIL_RULE_PARAMETER]: named, ...overrides } = parameters;
  const candidates = [
    typeof named === 'string' ? named : undefined,
    invocation.configRuleName,
    invocation.configRuleName.replace(/^vigil-/, ''),
  ];
  const id = candidates.find(
    (candidate) => candidate !== undefined && base.rules.some((rule) => rule.id === candidate),
  );
  if (id === undefined) {
    if (typeof named === 'string') throw new ConfigRuleInvocationError(`no enabled Vigil rule ${named}`);
    return { engine: base, single: undefined };
  }
  const rule = base.rules.find((candidate) => candidate.id === id);
  if (rule === undefined) return { engine: base, single: undefined };
  try {
    return { engine: new RuleEngine([rule], { [rule.id]: overrides }), single: rule };
  } catch (error) {
    throw new ConfigRuleInvocationError(error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
}

/**
 * Folds the evaluations of one resource into the single result its Config rule reports: NON_COMPLIANT if
 * any rule fails, else COMPLIANT if any passes, else NOT_APPLICABLE. ERROR outcomes are not reported
 * (Config refuses INSUFFICIENT_DATA from custom rules); `undefined` when only errors remain.
 */
export function toConfigEvaluation(
  item: Pick<ConfigurationItem, 'resourceType' | 'resourceId' | 'captureTime'>,
  evaluations: readonly Evaluation[],
  orderingTimestamp: Date,
): ConfigEvaluation | undefined {
  const judged = evaluations.filter((evaluation) => evaluation.compliance !== 'ERROR');
  if (judged.length === 0) return undefined;
  const failing = judged.filter((evaluation) => evaluation.compliance === 'NON_COMPLIANT');
  const compliance: Compliance =
    failing.length > 0
      ? 'NON_COMPLIANT'
      : judged.some((e) => e.compliance === 'COMPLIANT')
        ? 'COMPLIANT'
        : 'NOT_APPLICABLE';
  const annotation =
    judged.length === 1
      ? (judged[0]?.annotation ?? '')
      : failing.length > 0
        ? `Fails ${failing.map((evaluation) => `${evaluation.ruleId}: ${evaluation.annotation}`).join(' | ')}`
        : `${judged.length} Vigil rules: ${compliance}`;
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    compliance,
    annotation: truncateAnnotation(annotation),
    orderingTimestamp,
  };
}

/**
 * Handles a Config custom rule invocation end to end: evaluate, record findings/state/alerts, then report
 * to Config with `PutEvaluations` (at most 100 per call). `eventLeftScope` reports NOT_APPLICABLE; a
 * ScheduledNotification evaluates the account item (and, for a rule on other types, every recorded resource).
 * @throws ConfigRuleInvocationError for input no retry can fix; other errors are worth a retry.
 */
export async function handleConfigRuleInvocation(
  raw: unknown,
  deps: TriggerDeps,
): Promise<ConfigRuleOutcome> {
  const parsedInvocation = ConfigRuleInvocationSchema.safeParse(raw);
  if (!parsedInvocation.success) {
    throw new ConfigRuleInvocationError('not a Config rule invocation', { cause: parsedInvocation.error });
  }
  const invocation = parsedInvocation.data;
  const parsedEvent = InvokingEventSchema.safeParse(
    parseJsonObject(invocation.invokingEvent, 'invokingEvent'),
  );
  if (!parsedEvent.success) {
    throw new ConfigRuleInvocationError('invokingEvent has no messageType', { cause: parsedEvent.error });
  }
  const event = parsedEvent.data;
  const { engine, single } = engineForConfigRule(
    invocation,
    parseJsonObject(invocation.ruleParameters, 'ruleParameters'),
    deps.engine,
  );
  // One evidence object for the whole invocation (a periodic rule judges every resource of its types).
  const batch = new EvidenceBatch(deps);
  const ruleDeps: TriggerDeps = { ...deps, engine, batch };
  const source = {
    trigger: 'config-rule' as const,
    eventId: `${invocation.configRuleName}@${event.notificationCreationTime ?? ''}`,
  };
  const reported: ConfigEvaluation[] = [];
  let evaluations = 0;

  if (event.messageType === 'ScheduledNotification') {
    const ordering = new Date(event.notificationCreationTime ?? deps.clock().toISOString());
    const types = single?.resourceTypes ?? [ACCOUNT_RESOURCE_TYPE];
    for (const resourceType of types) {
      if (resourceType === ACCOUNT_RESOURCE_TYPE) {
        const item = await deps.describer.describe({
          accountId: invocation.accountId,
          region: invocation.configRuleArn?.split(':')[3] || deps.region,
          resourceType,
          lookupId: invocation.accountId,
          captureTime: ordering.toISOString(),
        });
        const result = await processConfigurationItem(item, source, ruleDeps);
        evaluations += result.recorded.length;
        const evaluation = toConfigEvaluation(
          item,
          result.recorded.map((r) => r.evaluation),
          ordering,
        );
        if (evaluation) reported.push(evaluation);
      } else {
        const keys = await deps.recorder.listResources(resourceType);
        const items = keys.length === 0 ? [] : await deps.recorder.batchGet(keys);
        for (const item of items) {
          const result = await processConfigurationItem(item, source, ruleDeps);
          evaluations += result.recorded.length;
          const evaluation = toConfigEvaluation(
            item,
            result.recorded.map((r) => r.evaluation),
            ordering,
          );
          if (evaluation) reported.push(evaluation);
        }
      }
    }
  } else {
    let item: ConfigurationItem | undefined;
    if (event.messageType === 'ConfigurationItemChangeNotification') {
      try {
        item = normalizeConfigurationItem(event.configurationItem);
      } catch (error) {
        throw new ConfigRuleInvocationError('invokingEvent.configurationItem is invalid', { cause: error });
      }
    } else if (event.messageType === 'OversizedConfigurationItemChangeNotification') {
      const ref = parseOversizedSummary(event.configurationItemSummary);
      if (typeof ref === 'string') throw new ConfigRuleInvocationError(ref);
      item = await deps.recorder.itemAt(ref, ref.captureTime);
    } else {
      throw new ConfigRuleInvocationError(`unsupported messageType ${event.messageType}`);
    }
    if (item !== undefined) {
      const ordering = new Date(item.captureTime);
      const itemEvaluations: Evaluation[] = invocation.eventLeftScope
        ? engine.rulesFor(item.resourceType).map((rule) => ({
            ruleId: rule.id,
            resourceType: item.resourceType,
            resourceId: item.resourceId,
            ...(item.resourceName === undefined ? {} : { resourceName: item.resourceName }),
            ...(item.arn === undefined ? {} : { arn: item.arn }),
            accountId: item.accountId,
            region: item.region,
            captureTime: item.captureTime,
            compliance: 'NOT_APPLICABLE',
            annotation: 'The resource left the scope of this Config rule.',
            soc2: soc2Criteria(rule.id),
            severity: rule.severity,
          }))
        : engine.evaluate(item, {
            now: deps.clock(),
            inventory: await (deps.inventory ?? SELF_ONLY_INVENTORY).inventoryFor(
              item,
              engine.inventoryReads(item),
            ),
          });
      const result = await recordEvaluations(item, itemEvaluations, source, ruleDeps);
      evaluations += result.recorded.length;
      const evaluation = invocation.eventLeftScope
        ? {
            resourceType: item.resourceType,
            resourceId: item.resourceId,
            compliance: 'NOT_APPLICABLE' as const,
            annotation: 'The resource left the scope of this Config rule.',
            orderingTimestamp: ordering,
          }
        : toConfigEvaluation(item, itemEvaluations, ordering);
      if (evaluation) reported.push(evaluation);
    }
  }
  // Stored before Config hears the verdicts, so nothing reported is missing from the evidence.
  await batch.flushOrThrow();
  const refused =
    reported.length === 0 ? [] : await deps.recorder.putEvaluations(invocation.resultToken, reported);
  return { messageType: event.messageType, reported, refused, evaluations };
}
