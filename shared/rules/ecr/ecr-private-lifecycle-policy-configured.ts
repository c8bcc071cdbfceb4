import {
  type EcrRepositoryConfiguration,
  ecrRepositoryName,
  readEcrLifecyclePolicy,
} from '#shared/resources/ecr';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * Private ECR repositories have a lifecycle policy.
 * A policy whose text cannot be read as a lifecycle policy is NON_COMPLIANT (nothing shows it is configured);
 * a `LifecyclePolicy` block recording the registry but not the text is COMPLIANT (ECR only records the
 * registry next to an existing policy).
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ecr-private-lifecycle-policy-configured.html
 */
export const ecrPrivateLifecyclePolicyConfigured = {
  id: 'ecr-private-lifecycle-policy-configured',
  title: 'Private ECR repositories have a lifecycle policy',
  resourceTypes: ['AWS::ECR::Repository'],
  severity: 'low',
  managedRule: true,
  parameters: {},
  rationale:
    'A lifecycle policy makes image retention a written, reviewable rule instead of an accident of who cleaned up last.',
  remediationAdvice:
    'Attach a lifecycle policy: `aws ecr put-lifecycle-policy --repository-name <repo> --lifecycle-policy-text file://policy.json` (keep images as long as your evidence retention requires).',
  evaluate(item) {
    const name = ecrRepositoryName(item);
    const policy = readEcrLifecyclePolicy(item.configuration ?? {});
    switch (policy.kind) {
      // Config and DescribeRepositories leave LifecyclePolicy out when there is none: failing it is right.
      case 'absent':
        return nonCompliant(`ECR repository ${name} has no lifecycle policy.`);
      case 'unrecorded':
        return compliant(`ECR repository ${name} has a lifecycle policy (its text is not recorded).`);
      case 'invalid':
        return nonCompliant(
          `ECR repository ${name} has a lifecycle policy Vigil cannot read: ${policy.reason}.`,
        );
      case 'policy':
        return compliant(
          `ECR repository ${name} has a lifecycle policy with ${policy.rules.length} rule(s).`,
        );
      default: {
        const unreachable: never = policy;
        return unreachable;
      }
    }
  },
} as const satisfies Rule<Record<string, never>, EcrRepositoryConfiguration>;
