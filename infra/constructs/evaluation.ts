import { Duration } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { CustomRuleSummary } from '#shared/rules/custom-summary';
import { RULES } from '#shared/rules/registry';
import { ACCOUNT_RESOURCE_TYPE, type Rule } from '#shared/rules/rule';
import {
  grantAlertPublish,
  grantConfigEvaluations,
  grantEvidenceWrite,
  grantKeyUse,
  grantRegisterRead,
  grantSettleMarkerDelete,
  grantStateReadWrite,
} from '../grants';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import type { EvidenceStore } from './evidence-store';
import type { Ingestion } from './ingestion';
import { transparentToLogicalIds } from './logical-ids';
import { acknowledgeWorkerFindings } from './nag';
import type { Organization } from './organization';
import type { Remediation } from './remediation';
import { grantAggregatorReads, grantResourceReads } from './resource-access';
import type { SettleEnvironment } from './setting-checks';

/** AWS Config accepts at most this many resource types in a rule's scope. */
const MAX_CONFIG_SCOPE_TYPES = 100;

/** The resource types an AWS Config custom rule running these rules must be scoped to (account-level excluded). */
export function configRuleScopeTypes(rules: readonly Pick<Rule, 'resourceTypes'>[]): string[] {
  const types = new Set<string>();
  for (const rule of rules) {
    for (const type of rule.resourceTypes) if (type !== ACCOUNT_RESOURCE_TYPE) types.add(type);
  }
  return [...types].sort();
}

/** What a function that judges resources may use. */
export interface JudgeAccess {
  readonly store: EvidenceStore;
  readonly alertTopic: sns.ITopic;
  readonly remediation: Remediation;
  /** Organization mode: resources are read through the member accounts' read-only role. */
  readonly organization: Organization | undefined;
  /** The inventory comes from the Config aggregator. */
  readonly aggregator: boolean;
}

/**
 * Lets a function judge resources: request remediations, write findings and rejected inputs, keep state,
 * alert, use the key, and read resources (describe APIs, or member roles) and the aggregator.
 */
export function grantJudging(judge: VigilFunction, access: JudgeAccess): void {
  const { role } = judge;
  access.remediation.grantRequests(role);
  grantEvidenceWrite(role, access.store.evidenceBucket);
  grantStateReadWrite(role, access.store.stateTable);
  grantRegisterRead(role, access.store.stateTable);
  grantAlertPublish(role, access.alertTopic);
  grantKeyUse(role, access.store.key);
  grantResourceReads(role, access.organization);
  if (access.aggregator) grantAggregatorReads(role);
  acknowledgeWorkerFindings(judge, access.store.evidenceBucket);
}

/** Properties of {@link Evaluation}. */
export interface EvaluationProps extends JudgeAccess {
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
  /** Timeout of the change evaluator. */
  readonly evaluatorTimeout: Duration;
  /** Where the evaluator's change events come from. */
  readonly ingestion: Pick<Ingestion, 'feed'>;
  readonly evaluatorReservedConcurrency: number | undefined;
  /** Create the AWS Config custom rule (served by the config-rule function). */
  readonly configRule: boolean;
  /** Rule ids known at synth time to narrow the Config rule's scope; `undefined`: the whole catalog. */
  readonly enabledRuleIds: readonly string[] | undefined;
  /** The custom rules bundled into the functions, which the Config rule's scope covers too. */
  readonly customRules: readonly CustomRuleSummary[];
  /** The evaluator's settle periods (`SETTLE_SECONDS`, `SETTLE_SECONDS_BY_TYPE`; see docs/settle.md). */
  readonly settle: SettleEnvironment;
}

/**
 * The functions that judge changes: the evaluator (fed by the change queue of `Ingestion`) and the
 * config-rule function with, when enabled, the AWS Config custom rule it serves. Transparent to logical ids.
 */
export class Evaluation extends Construct {
  /** Evaluates change events from the queue. */
  readonly evaluator: VigilFunction;
  /** Serves the AWS Config custom rule. */
  readonly configRuleFunction: VigilFunction;
  /** The AWS Config custom rule, when enabled. */
  readonly configRule: config.CustomRule | undefined;

  constructor(scope: Construct, id: string, props: EvaluationProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    const environment = props.remediation.requestEnvironment;
    this.evaluator = new VigilFunction(this, 'Evaluator', {
      entry: 'functions/evaluator.ts',
      description: 'Vigil: evaluates AWS Config and CloudTrail change events from the change queue',
      settings: props.settings,
      encryptionKey: props.store.key,
      timeout: props.evaluatorTimeout,
      reservedConcurrentExecutions: props.evaluatorReservedConcurrency,
      logRetention: props.logRetention,
      // Fed only by the change queue, whose redrive policy is its dead-letter path.
      deadLetterQueue: false,
      environment: { ...environment, ...props.settle },
    });
    props.ingestion.feed(this.evaluator);
    grantSettleMarkerDelete(this.evaluator.role, props.store.stateTable);
    this.configRuleFunction = new VigilFunction(this, 'ConfigRuleHandler', {
      entry: 'functions/config-rule.ts',
      description: 'Vigil: evaluates AWS Config custom rule invocations and reports them with PutEvaluations',
      settings: props.settings,
      encryptionKey: props.store.key,
      timeout: Duration.seconds(120),
      logRetention: props.logRetention,
      environment,
    });
    grantConfigEvaluations(this.configRuleFunction.role);
    for (const judge of [this.evaluator, this.configRuleFunction]) grantJudging(judge, props);
    this.configRule = props.configRule
      ? this.createConfigRule(props.enabledRuleIds, props.customRules)
      : undefined;
  }

  private createConfigRule(
    enabledRules: readonly string[] | undefined,
    customRules: readonly CustomRuleSummary[],
  ): config.CustomRule {
    const catalog = [...RULES, ...customRules];
    const rules =
      enabledRules === undefined ? catalog : catalog.filter((rule) => enabledRules.includes(rule.id));
    const types = configRuleScopeTypes(rules);
    return new config.CustomRule(this, 'ConfigRule', {
      description: 'Vigil: SOC 2 rule catalog evaluated by the Vigil config-rule function',
      lambdaFunction: this.configRuleFunction.function,
      configurationChanges: true,
      periodic: true,
      maximumExecutionFrequency: config.MaximumExecutionFrequency.TWENTY_FOUR_HOURS,
      // Config caps a scope at 100 types; past that, an unscoped rule sees every recorded type.
      ruleScope:
        types.length > 0 && types.length <= MAX_CONFIG_SCOPE_TYPES
          ? config.RuleScope.fromResources(types.map((type) => config.ResourceType.of(type)))
          : undefined,
    });
  }
}
