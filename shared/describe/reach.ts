import { ACCOUNT_RESOURCE_TYPE, type Rule } from '#shared/rules/rule';
import { DESCRIBABLE_BY_TYPE } from './registry';

/** Types AWS Config does not record: Vigil's own account pseudo-resource. */
const NOT_RECORDED_BY_CONFIG: readonly string[] = [ACCOUNT_RESOURCE_TYPE];

/** The paths that bring a rule a resource to judge. */
export interface RuleReach {
  /** AWS Config configuration-item changes (and Config custom-rule invocations) carry every type it judges. */
  readonly config: boolean;
  /** Write calls CloudTrail reports that make Vigil describe a resource the rule judges. */
  readonly cloudTrailCalls: number;
  /** The scheduled sweep can list and describe every type the rule judges and reads without Config. */
  readonly sweep: boolean;
}

function cloudTrailCallsOf(resourceType: string): number {
  const support = DESCRIBABLE_BY_TYPE.get(resourceType);
  if (support === undefined) return 0;
  return Object.values(support.cloudTrail).reduce((count, byName) => count + Object.keys(byName).length, 0);
}

/** Which paths reach `rule`, from the describe registry and the types Config records. */
export function reachOf(rule: Pick<Rule, 'resourceTypes' | 'reads'>): RuleReach {
  const needed = [...rule.resourceTypes, ...(rule.reads ?? [])];
  return {
    config: rule.resourceTypes.every((type) => !NOT_RECORDED_BY_CONFIG.includes(type)),
    cloudTrailCalls: rule.resourceTypes.reduce((count, type) => count + cloudTrailCallsOf(type), 0),
    sweep: needed.every((type) => DESCRIBABLE_BY_TYPE.has(type)),
  };
}

/** The reach as words for a table cell: `config cloudtrail sweep`, `-` when nothing reaches the rule. */
export function reachLabel(reach: RuleReach): string {
  const paths = [
    ...(reach.config ? ['config'] : []),
    ...(reach.cloudTrailCalls > 0 ? ['cloudtrail'] : []),
    ...(reach.sweep ? ['sweep'] : []),
  ];
  return paths.length === 0 ? '-' : paths.join(' ');
}
