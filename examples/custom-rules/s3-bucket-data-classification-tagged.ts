// An example custom rule: keep files like this one in your own folder and pass it to
// `vigil scan --rules DIR` or the construct's `customRules` prop (docs/custom-rules.md).
import { type CustomRule, compliant, nonCompliant } from 'vigil/rule';

type Parameters = { tagKey: string; allowedValues: readonly string[] };

/** S3 buckets carry a data-classification tag with one of the organization's classification levels. */
const rule: CustomRule<Parameters> = {
  id: 's3-bucket-data-classification-tagged',
  title: 'S3 buckets carry a data-classification tag with a known level',
  resourceTypes: ['AWS::S3::Bucket'],
  severity: 'medium',
  parameters: {
    tagKey: { type: 'string', default: 'data-classification', description: 'Tag key that holds the level' },
    allowedValues: {
      type: 'string-list',
      default: ['public', 'internal', 'confidential', 'restricted'],
      description: 'Classification levels the data-handling policy defines',
    },
  },
  rationale: 'Confidential information must be identified before it can be protected (SOC 2 C1.1).',
  remediationAdvice:
    'Tag the bucket with its data classification, e.g. aws s3api put-bucket-tagging with data-classification=internal.',
  controls: { soc2: ['C1.1', 'CC6.1'], iso27001: ['A.5.12'] },
  evaluate(item, { parameters }) {
    const value = item.tags[parameters.tagKey];
    if (value === undefined) return nonCompliant(`Bucket has no ${parameters.tagKey} tag.`);
    if (!parameters.allowedValues.includes(value)) {
      return nonCompliant(
        `Tag ${parameters.tagKey}=${value} is no known level (${parameters.allowedValues.join(', ')}).`,
      );
    }
    return compliant(`Bucket is classified ${value}.`);
  },
  examples: {
    compliant: [{ configuration: { name: 'ledger' }, tags: { 'data-classification': 'confidential' } }],
    nonCompliant: [
      { configuration: { name: 'scratch' }, tags: { team: 'data' } },
      { configuration: { name: 'misc' }, tags: { 'data-classification': 'secret-ish' } },
    ],
  },
};

export default rule;
