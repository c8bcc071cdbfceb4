import { type EcrRepositoryConfiguration, ecrRepositoryName } from '#shared/resources/ecr';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * Private ECR repositories make image tags immutable.
 * Only `IMMUTABLE` is COMPLIANT. `IMMUTABLE_WITH_EXCLUSION` lets the excluded tags be overwritten, so
 * Vigil reports it NON_COMPLIANT (safer reading; AWS's page does not say how the managed rule judges
 * it). DescribeRepositories and Config always give `ImageTagMutability`, so an item without it was not
 * collected and is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ecr-private-tag-immutability-enabled.html
 */
export const ecrPrivateTagImmutabilityEnabled = {
  id: 'ecr-private-tag-immutability-enabled',
  title: 'Private ECR repositories make image tags immutable',
  resourceTypes: ['AWS::ECR::Repository'],
  severity: 'medium',
  managedRule: true,
  deviation:
    'AWS\'s page says only that the rule "is NON_COMPLIANT if tag immutability is not enabled for the private ECR repository" and does not say how IMMUTABLE_WITH_EXCLUSION is judged; Vigil reports it NON_COMPLIANT, because the excluded tags can still be overwritten.',
  parameters: {},
  rationale: 'An immutable tag always names the image that was reviewed and approved, never a later push.',
  remediationAdvice:
    'Make tags immutable: `aws ecr put-image-tag-mutability --repository-name <repo> --image-tag-mutability IMMUTABLE` (build pipelines must then push unique tags).',
  evaluate(item) {
    const name = ecrRepositoryName(item);
    const mutability = item.configuration?.ImageTagMutability;
    if (mutability === 'IMMUTABLE') return compliant(`ECR repository ${name} has immutable image tags.`);
    if (mutability === undefined) {
      return notApplicable(`ECR repository ${name} ImageTagMutability was not recorded.`);
    }
    if (mutability === 'IMMUTABLE_WITH_EXCLUSION') {
      const excluded = (item.configuration?.ImageTagMutabilityExclusionFilters ?? [])
        .map((filter) => filter.ImageTagMutabilityExclusionFilterValue)
        .filter((value): value is string => typeof value === 'string');
      const list = excluded.length > 0 ? `: ${excluded.join(', ')}` : '';
      return nonCompliant(`ECR repository ${name} lets excluded tags be overwritten${list}.`);
    }
    return nonCompliant(`ECR repository ${name} has ${mutability} image tags.`);
  },
} as const satisfies Rule<Record<string, never>, EcrRepositoryConfiguration>;
