import {
  ENDED_INSTANCE_STATES,
  INSTANCE_TYPE,
  type InstanceConfiguration,
  instanceStateName,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * EC2 instances accept only IMDSv2 (session-token) metadata requests.
 * Readings where the managed rule is silent: an instance without recorded `metadataOptions.httpTokens`
 * (which DescribeInstances and Config always give) is NOT_APPLICABLE, since it was not collected; an
 * instance whose metadata
 * endpoint is disabled but whose tokens are `optional` is still NON_COMPLIANT, because re-enabling the
 * endpoint would expose IMDSv1; stopped instances are judged (they can be started as they are);
 * shutting-down and terminated instances are NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-imdsv2-check.html
 */
export const ec2Imdsv2Check = {
  id: 'ec2-imdsv2-check',
  title: 'EC2 instances require IMDSv2 session tokens for instance metadata',
  resourceTypes: [INSTANCE_TYPE],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'IMDSv1 lets any SSRF or open proxy on the instance read its role credentials; IMDSv2 blocks that path.',
  remediationAdvice:
    'Require tokens: `aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required --http-endpoint enabled` (EC2 console: Actions › Instance settings › Modify instance metadata options).',
  evaluate(item) {
    const configuration = item.configuration;
    const instanceId = configuration?.instanceId ?? item.resourceId;
    const state = instanceStateName(configuration);
    if (state !== undefined && ENDED_INSTANCE_STATES.has(state)) {
      return notApplicable(`Instance ${instanceId} is ${state}.`);
    }
    const options = configuration?.metadataOptions;
    const tokens = options?.httpTokens?.toLowerCase();
    const stateNote = state === 'stopped' ? ' (instance is stopped)' : '';
    if (tokens === 'required') {
      return compliant(`Instance ${instanceId} requires IMDSv2 tokens (httpTokens=required)${stateNote}.`);
    }
    if (tokens === undefined) {
      return notApplicable(
        `Instance ${instanceId} metadataOptions.httpTokens was not recorded; IMDSv2 cannot be judged${stateNote}.`,
      );
    }
    const endpointNote =
      options?.httpEndpoint?.toLowerCase() === 'disabled'
        ? '; the metadata endpoint is disabled, but enabling it would serve IMDSv1'
        : '';
    return nonCompliant(
      `Instance ${instanceId} accepts IMDSv1 requests (httpTokens=${options?.httpTokens})${endpointNote}${stateNote}.`,
    );
  },
} as const satisfies Rule<Record<string, never>, InstanceConfiguration>;
