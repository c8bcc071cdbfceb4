import { z } from 'zod';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { oncePerItem } from '#shared/config-item/once-per-item';

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
 * One rule of an ECR lifecycle policy.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
export const EcrLifecycleRuleSchema = z.looseObject({
  rulePriority: z.number().optional(),
  description: z.string().optional(),
  selection: z.looseObject({
    tagStatus: z.string().optional(),
    tagPrefixList: z.array(z.string()).optional(),
    tagPatternList: z.array(z.string()).optional(),
    countType: z.string(),
    countUnit: z.string().optional(),
    countNumber: z.number(),
  }),
  action: z.looseObject({ type: z.string() }),
});

/** One rule of an ECR lifecycle policy. */
export type EcrLifecycleRule = z.infer<typeof EcrLifecycleRuleSchema>;

/** An ECR lifecycle policy document. */
export const EcrLifecyclePolicySchema = z.looseObject({ rules: z.array(EcrLifecycleRuleSchema) });

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
  const parsed = EcrLifecyclePolicySchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'policy';
    return { kind: 'invalid', reason: `the lifecycle policy is malformed at ${where}` };
  }
  return { kind: 'policy', rules: parsed.data.rules };
});
