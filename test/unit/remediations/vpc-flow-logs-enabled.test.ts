import { describe, expect, it } from 'vitest';
import type { RemediationSettings } from '#shared/remediations/remediation';
import { vpcFlowLogsEnabledRemediation as remediation } from '#shared/remediations/vpc-flow-logs-enabled';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::EC2::VPC';
const S3: RemediationSettings = {
  flowLogDestination: { type: 's3', bucketArn: 'arn:aws:s3:::central-flow-logs/vpc' },
};
const LOGS: RemediationSettings = {
  flowLogDestination: {
    type: 'cloud-watch-logs',
    logGroupName: '/vigil/flow-logs',
    deliverLogsRoleArn: 'arn:aws:iam::123456789012:role/flow-logs',
  },
};

describe('vpc-flow-logs-enabled: Create a VPC flow log to the configured destination', () => {
  it('creates an ALL-traffic VPC flow log to S3 for a VPC with only a subnet flow log', () => {
    const fixture = loadFixture(TYPE, 'subnet-flow-log-only');
    const call = onlyCall(planOn(remediation, fixture, { settings: S3 }));
    expect(call.operation).toBe('CreateFlowLogs');
    expect(call.input).toMatchObject({
      ResourceIds: [fixture.item.resourceId],
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 's3',
      LogDestination: 'arn:aws:s3:::central-flow-logs/vpc',
    });
  });

  it('creates one to CloudWatch Logs with the delivery role', () => {
    const call = onlyCall(planOn(remediation, loadFixture(TYPE, 'subnet-flow-log-only'), { settings: LOGS }));
    expect(call.input).toMatchObject({
      LogDestinationType: 'cloud-watch-logs',
      LogGroupName: '/vigil/flow-logs',
      DeliverLogsPermissionArn: 'arn:aws:iam::123456789012:role/flow-logs',
    });
  });

  it('captures the traffic type the rule asks for', () => {
    const call = onlyCall(
      planOn(remediation, loadFixture(TYPE, 'subnet-flow-log-only'), {
        settings: S3,
        parameters: { trafficType: 'reject' },
      }),
    );
    expect(call.input).toMatchObject({ TrafficType: 'REJECT' });
  });

  it('refuses without a configured destination', () => {
    const plan = planOn(remediation, loadFixture(TYPE, 'subnet-flow-log-only'));
    expect(plan.kind).toBe('refused');
    if (plan.kind === 'refused') expect(plan.reason).toContain('REMEDIATION_FLOW_LOG_DESTINATION');
  });

  it.each(['flow-logs-all-to-s3', 'flow-logs-all-to-cloudwatch-400-days'])('does nothing for %s', (name) => {
    expect(planOn(remediation, loadFixture(TYPE, name), { settings: S3 }).kind).toBe('none');
  });

  it('adds an ALL flow log when the existing one captures only REJECT and ALL is required', () => {
    const plan = planOn(remediation, loadFixture(TYPE, 'flow-logs-reject-to-cloudwatch-30-days'), {
      settings: S3,
      parameters: { trafficType: 'ALL' },
    });
    expect(plan.kind).toBe('calls');
  });

  it('refuses a trafficType parameter that is not a traffic type', () => {
    expect(
      planOn(remediation, loadFixture(TYPE, 'subnet-flow-log-only'), {
        settings: S3,
        parameters: { trafficType: 'SOME' },
      }).kind,
    ).toBe('refused');
  });
});
