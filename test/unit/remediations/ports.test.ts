import { CreateFlowLogsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { RemediationCallError } from '#shared/remediations/errors';
import { executeCall, ForbiddenCallError } from '#shared/remediations/executor';
import type { RemediationPorts } from '#shared/remediations/ports';
import { sdkEc2Port, sdkKmsPort } from '#shared/remediations/ports';

const ec2Mock = mockClient(EC2Client);
const kmsMock = mockClient(KMSClient);

afterEach(() => {
  ec2Mock.reset();
  kmsMock.reset();
});

describe('SDK write ports', () => {
  const ec2 = sdkEc2Port(() => new EC2Client({}));

  it('RevokeSecurityGroupIngress: EC2 reporting unknown permissions in a 200 response is a failure', async () => {
    ec2Mock
      .on(RevokeSecurityGroupIngressCommand)
      .resolvesOnce({ Return: true })
      .resolvesOnce({ Return: true, UnknownIpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }] })
      .resolvesOnce({ Return: false });
    const input = { GroupId: 'sg-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22 }] };
    await expect(ec2.RevokeSecurityGroupIngress(input)).resolves.toBeUndefined();
    await expect(ec2.RevokeSecurityGroupIngress(input)).rejects.toThrow(RemediationCallError);
    await expect(ec2.RevokeSecurityGroupIngress(input)).rejects.toThrow('did not revoke');
    expect(ec2Mock.commandCalls(RevokeSecurityGroupIngressCommand)[0]?.args[0].input).toEqual(input);
  });

  it('CreateFlowLogs: an Unsuccessful entry is a failure naming the AWS error', async () => {
    ec2Mock.on(CreateFlowLogsCommand).resolves({
      FlowLogIds: [],
      Unsuccessful: [{ ResourceId: 'vpc-1', Error: { Code: 'AccessDenied', Message: 'no log delivery' } }],
    });
    await expect(
      ec2.CreateFlowLogs({ ResourceIds: ['vpc-1'], ResourceType: 'VPC', TrafficType: 'ALL' }),
    ).rejects.toThrow('CreateFlowLogs failed for vpc-1: AccessDenied no log delivery');
  });

  it('executeCall sends through the matching port and names the call in AWS failures', async () => {
    kmsMock
      .on(EnableKeyRotationCommand)
      .rejects(Object.assign(new Error('key is disabled'), { name: 'DisabledException' }));
    const ports = { kms: sdkKmsPort(() => new KMSClient({})) } as unknown as RemediationPorts;
    const call = {
      service: 'kms',
      operation: 'EnableKeyRotation',
      input: { KeyId: 'k-1' },
      description: 'rotate',
    } as const;
    await expect(executeCall(ports, call)).rejects.toThrow(
      'kms:EnableKeyRotation failed: DisabledException: key is disabled',
    );
    expect(kmsMock.commandCalls(EnableKeyRotationCommand)[0]?.args[0].input).toEqual({ KeyId: 'k-1' });
  });

  it('executeCall refuses an operation its port does not have', async () => {
    const ports = { kms: {} } as unknown as RemediationPorts;
    await expect(
      executeCall(ports, {
        service: 'kms',
        operation: 'EnableKeyRotation',
        input: { KeyId: 'k' },
        description: '',
      }),
    ).rejects.toThrow(ForbiddenCallError);
  });
});
