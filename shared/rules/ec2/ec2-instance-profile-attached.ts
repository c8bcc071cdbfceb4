import {
  ENDED_INSTANCE_STATES,
  INSTANCE_TYPE,
  type InstanceConfiguration,
  instanceStateName,
} from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/**
 * EC2 instances run with an IAM instance profile: `configuration.iamInstanceProfile.arn` is set.
 * DescribeInstances (and so Config) leaves the key out for an instance without one, so its absence on an
 * item that records the instance (its `instanceId` and state) is NON_COMPLIANT; an item recording neither
 * was not collected and is NOT_APPLICABLE, as are shutting-down and terminated instances.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-profile-attached.html
 */
export const ec2InstanceProfileAttached = {
  id: 'ec2-instance-profile-attached',
  title: 'EC2 instances run with an IAM instance profile',
  resourceTypes: [INSTANCE_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {},
  rationale:
    'Without an instance role, software on the instance needs long-lived access keys stored on disk to call AWS; a role gives it short-lived credentials instead.',
  remediationAdvice:
    'Attach a least-privilege profile: `aws ec2 associate-iam-instance-profile --instance-id <id> --iam-instance-profile Name=<profile>`, then remove any access keys kept on the instance.',
  evaluate(item) {
    const configuration = item.configuration;
    const id = configuration?.instanceId ?? item.resourceId;
    const state = instanceStateName(configuration);
    if (state !== undefined && ENDED_INSTANCE_STATES.has(state)) {
      return notApplicable(`EC2 instance ${id} is ${state}.`);
    }
    if (configuration?.instanceId === undefined && state === undefined) {
      return notApplicable(`The configuration of EC2 instance ${id} was not recorded.`);
    }
    const arn = configuration?.iamInstanceProfile?.arn;
    return typeof arn === 'string' && arn !== ''
      ? compliant(`EC2 instance ${id} runs with instance profile ${arn}.`)
      : nonCompliant(`EC2 instance ${id} has no IAM instance profile.`);
  },
} as const satisfies Rule<Record<string, never>, InstanceConfiguration>;
