import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { oncePerItem } from '#shared/config-item/once-per-item';
import { objectOf } from '#shared/resources/json-values';

/**
 * The parts of an `AWS::ECR::Repository` configuration item Vigil's rules read (AWS Config records ECR
 * repositories in the CloudFormation shape). `LifecyclePolicy.LifecyclePolicyText` is the policy JSON as
 * a string (an already-parsed object is accepted too).
 */
export type EcrRepositoryConfiguration = {
  readonly RepositoryName?: string;
  readonly ImageTagMutability?: string;
  readonly ImageTagMutabilityExclusionFilters?: readonly {
    readonly ImageTagMutabilityExclusionFilterType?: string;
    readonly ImageTagMutabilityExclusionFilterValue?: string;
  }[];
  readonly ImageScanningConfiguration?: { readonly ScanOnPush?: boolean };
  readonly LifecyclePolicy?: {
    readonly LifecyclePolicyText?: string | Readonly<Record<string, unknown>> | null;
    readonly RegistryId?: string;
  };
};

/** The repository's name as people know it. */
export function ecrRepositoryName(item: ConfigurationItem<EcrRepositoryConfiguration>): string {
  return item.configuration?.RepositoryName ?? item.resourceName ?? item.resourceId;
}

/**
 * One rule of an ECR lifecycle policy (fields beyond these are kept as written).
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export type EcrLifecycleRule = {
  readonly rulePriority?: number;
  readonly description?: string;
  readonly selection: {
    readonly tagStatus?: string;
    readonly tagPrefixList?: readonly string[];
    readonly tagPatternList?: readonly string[];
    readonly countType: string;
    readonly countUnit?: string;
    readonly countNumber: number;
  };
  readonly action: { readonly type: string };
};

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number';
const isStringList: Check = (value) => Array.isArray(value) && value.every(isString);

/** The first path (`rules.0.selection.countNumber`) at which `fields` of `object` break their checks. */
function firstBadField(
  object: Readonly<Record<string, unknown>>,
  path: string,
  fields: Readonly<Record<string, readonly [Check, 'required' | 'optional']>>,
): string | undefined {
  for (const [name, [check, presence]] of Object.entries(fields)) {
    const value = object[name];
    if (value === undefined ? presence === 'required' : !check(value)) return `${path}.${name}`;
  }
  return undefined;
}

const RULE_FIELDS = { rulePriority: [isNumber, 'optional'], description: [isString, 'optional'] } as const;
const SELECTION_FIELDS = {
  tagStatus: [isString, 'optional'],
  tagPrefixList: [isStringList, 'optional'],
  tagPatternList: [isStringList, 'optional'],
  countType: [isString, 'required'],
  countUnit: [isString, 'optional'],
  countNumber: [isNumber, 'required'],
} as const;
const ACTION_FIELDS = { type: [isString, 'required'] } as const;

/** The path at which one lifecycle rule is malformed, or undefined when it is well formed. */
function badPathOfRule(entry: unknown, path: string): string | undefined {
  const rule = objectOf(entry);
  if (rule === undefined) return path;
  const ruleProblem = firstBadField(rule, path, RULE_FIELDS);
  if (ruleProblem !== undefined) return ruleProblem;
  const selection = objectOf(rule.selection);
  if (selection === undefined) return `${path}.selection`;
  const selectionProblem = firstBadField(selection, `${path}.selection`, SELECTION_FIELDS);
  if (selectionProblem !== undefined) return selectionProblem;
  const action = objectOf(rule.action);
  if (action === undefined) return `${path}.action`;
  return firstBadField(action, `${path}.action`, ACTION_FIELDS);
}

/** The rules of a lifecycle policy document, or the path at which it is malformed. */
function readLifecycleRules(document: unknown): readonly EcrLifecycleRule[] | { readonly where: string } {
  const policy = objectOf(document);
  if (policy === undefined) return { where: 'policy' };
  if (!Array.isArray(policy.rules)) return { where: 'rules' };
  for (const [index, entry] of policy.rules.entries()) {
    const where = badPathOfRule(entry, `rules.${index}`);
    if (where !== undefined) return { where };
  }
  return policy.rules as EcrLifecycleRule[];
}

/** What a repository's lifecycle policy says, as far as rules care. */
export type EcrLifecyclePolicyReading =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unrecorded' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'policy'; readonly rules: readonly EcrLifecycleRule[] };

/**
 * Reads the lifecycle policy of a repository item: absent, present but without its text (a
 * `LifecyclePolicy` block that only records `RegistryId`), unreadable, or its rules.
 */
export const readEcrLifecyclePolicy: (
  configuration: EcrRepositoryConfiguration,
) => EcrLifecyclePolicyReading = oncePerItem((configuration) => {
  const block = configuration.LifecyclePolicy;
  const text = block?.LifecyclePolicyText;
  if (text === undefined || text === null || text === '') {
    return typeof block?.RegistryId === 'string' && block.RegistryId !== ''
      ? { kind: 'unrecorded' }
      : { kind: 'absent' };
  }
  let document: unknown = text;
  if (typeof text === 'string') {
    try {
      document = JSON.parse(text);
    } catch {
      return { kind: 'invalid', reason: 'the lifecycle policy text is not valid JSON' };
    }
  }
  const rules = readLifecycleRules(document);
  if ('where' in rules)
    return { kind: 'invalid', reason: `the lifecycle policy is malformed at ${rules.where}` };
  return { kind: 'policy', rules };
});
