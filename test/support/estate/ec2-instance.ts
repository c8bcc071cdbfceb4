import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
} from '@aws-sdk/client-iam';
import { INSTANCE_TYPE } from '#shared/resources/ec2';
import { launchInstance } from './ec2-launch';
import type { PairSeeder } from './pair';

/** Lets EC2 assume the role: the trust policy of every instance role. */
const EC2_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/**
 * Two instances in a default subnet: one answering IMDSv1 (`httpTokens: optional`) with a public IPv4
 * address and no instance profile, which fails `ec2-imdsv2-check`, `ec2-instance-no-public-ip` and
 * `ec2-instance-profile-attached`; its twin requires IMDSv2 tokens, has no public address and runs with an
 * instance profile. Both root volumes are encrypted, so the estate's volume rules see neither.
 */
export const EC2_INSTANCE_SEEDER: PairSeeder = {
  resourceType: INSTANCE_TYPE,
  async seed(clients, { suffix }) {
    const ec2 = await clients.client('ec2');
    const iam = await clients.client('iam');
    const name = `vigil-instance-${suffix}`.slice(0, 64);
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: EC2_TRUST }));
    const profile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: name }));
    const profileArn = profile.InstanceProfile?.Arn;
    if (profileArn === undefined) throw new Error(`IAM created no instance profile ${name}`);
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: name, RoleName: name }));
    const exposed = await launchInstance(ec2, { httpTokens: 'optional', publicIp: true });
    const hardened = await launchInstance(ec2, {
      httpTokens: 'required',
      publicIp: false,
      instanceProfileArn: profileArn,
    });
    return {
      misconfigured: { resourceType: INSTANCE_TYPE, resourceId: exposed.instanceId },
      compliant: { resourceType: INSTANCE_TYPE, resourceId: hardened.instanceId },
      failingRules: ['ec2-imdsv2-check', 'ec2-instance-no-public-ip', 'ec2-instance-profile-attached'],
      events: [
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateRole',
          requestParameters: { roleName: name, assumeRolePolicyDocument: EC2_TRUST },
          responseElements: { role: { roleName: name } },
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'CreateInstanceProfile',
          requestParameters: { instanceProfileName: name },
          responseElements: { instanceProfile: { instanceProfileName: name, arn: profileArn } },
        },
        {
          eventSource: 'iam.amazonaws.com',
          eventName: 'AddRoleToInstanceProfile',
          requestParameters: { instanceProfileName: name, roleName: name },
          responseElements: null,
        },
        exposed.event,
        hardened.event,
      ],
      motoGaps: [
        'ec2-stopped-instance is not seeded: an instance stopped now is stopped for 0 days, and neither moto ' +
          'nor EC2 lets a test backdate the stop time EC2 writes into StateTransitionReason.',
      ],
    };
  },
};
