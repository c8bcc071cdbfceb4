import {
  type EcrLifecycleRule,
  type EcrRepositoryConfiguration,
  ecrRepositoryName,
  readEcrLifecyclePolicy,
} from '#shared/resources/ecr';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Parameters = { minRetentionDays: number; allowImageCountRules: boolean };

/** How the time-based count types read in an annotation. */
const SINCE: Readonly<Record<string, string>> = {
  sinceImagePushed: 'after push',
  sinceImagePulled: 'after their last pull',
  sinceImageTransitioned: 'after archiving',
};

/** Why one lifecycle rule may delete an image younger than the minimum, or `undefined` when it cannot. */
function earlyExpiry(rule: EcrLifecycleRule, parameters: Parameters): string | undefined {
  // Only `expire` deletes; `transition` moves images to archive storage and keeps them.
  if (rule.action.type !== 'expire') return undefined;
  const { countType, countNumber } = rule.selection;
  const label = `rule ${rule.rulePriority ?? '?'} (${rule.selection.tagStatus ?? 'any'} images)`;
  if (countType === 'imageCountMoreThan') {
    return parameters.allowImageCountRules
      ? undefined
      : `${label} keeps only ${countNumber} images, whatever their age`;
  }
  // sinceImagePushed, sinceImagePulled, sinceImageTransitioned: an image can be this many days idle
  // and still younger than the minimum, so each must reach it.
  if (countType.startsWith('since')) {
    return countNumber < parameters.minRetentionDays
      ? `${label} expires images ${countNumber} days ${SINCE[countType] ?? `(${countType})`}`
      : undefined;
  }
  return `${label} uses unknown countType ${countType}`;
}

/**
 * ECR lifecycle policies keep every image for at least `minRetentionDays` (365). No managed twin: it
 * answers an auditor asking whether the images deployed during the observation period still exist.
 * A repository without a lifecycle policy (Config leaves `LifecyclePolicy` out) never expires images and is
 * COMPLIANT; one whose policy text was not recorded is NOT_APPLICABLE (retention was not collected). Each
 * `expire` rule is
 * judged: time-based rules (`sinceImagePushed`, `sinceImagePulled`, `sinceImageTransitioned`) fail below
 * the minimum; `imageCountMoreThan` rules fail by default because a busy repository can push an image
 * out within days — a judgement call, set `allowImageCountRules` to accept them. Untagged images are
 * judged like tagged ones (deployments pinned by digest run untagged images).
 */
export const ecrLifecyclePolicyRetains365Days = {
  id: 'ecr-lifecycle-policy-retains-365-days',
  title: 'ECR lifecycle policies keep every image for at least 365 days',
  resourceTypes: ['AWS::ECR::Repository'],
  severity: 'medium',
  managedRule: false,
  parameters: {
    minRetentionDays: {
      type: 'number',
      default: 365,
      description: 'Youngest age, in days, at which a lifecycle rule may expire an image.',
    },
    allowImageCountRules: {
      type: 'boolean',
      default: false,
      description: 'Accept imageCountMoreThan rules, which expire images by count regardless of age.',
    },
  },
  rationale:
    'Being able to show which image ran during the SOC 2 period requires that image to still exist at audit time.',
  remediationAdvice:
    'Change the lifecycle policy so every expire rule uses sinceImagePushed with countNumber of at least 365 days (`aws ecr put-lifecycle-policy`), or archive images instead of expiring them.',
  evaluate(item, { parameters }) {
    const name = ecrRepositoryName(item);
    const policy = readEcrLifecyclePolicy(item.configuration ?? {});
    if (policy.kind === 'absent')
      return compliant(`ECR repository ${name} has no lifecycle policy; images never expire.`);
    if (policy.kind === 'unrecorded') {
      return notApplicable(
        `ECR repository ${name} has a lifecycle policy whose text was not recorded; retention cannot be judged.`,
      );
    }
    if (policy.kind === 'invalid') {
      return nonCompliant(`ECR repository ${name}: ${policy.reason}, so image retention cannot be shown.`);
    }
    const problems = policy.rules.flatMap((rule) => earlyExpiry(rule, parameters) ?? []);
    if (problems.length > 0) {
      return nonCompliant(
        `ECR repository ${name} can expire images younger than ${parameters.minRetentionDays} days: ${problems.join('; ')}.`,
      );
    }
    return compliant(
      `ECR repository ${name} keeps images at least ${parameters.minRetentionDays} days (${policy.rules.length} lifecycle rule(s)).`,
    );
  },
} as const satisfies Rule<Parameters, EcrRepositoryConfiguration>;
