import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { vpcFlowLogsEnabled as rule } from '#shared/rules/vpc/vpc-flow-logs-enabled';
import { evaluateFixture, type Fixture, loadFixture } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::VPC';
const FLOW_LOG = 'AWS::EC2::FlowLog';

/** The fixture with each of its flow logs' configuration patched, or replaced by `flowLogs`. */
function withFlowLogs(fixture: Fixture, patch: (flowLog: ConfigurationItem) => ConfigurationItem): Fixture {
  const others = [
    ...fixture.inventory.itemsOfType('AWS::Logs::LogGroup'),
    ...fixture.inventory.itemsOfType(FLOW_LOG).map(patch),
  ];
  return { ...fixture, inventory: createInventory([fixture.item, ...others]) };
}

function patchConfiguration(patch: Record<string, unknown>) {
  return (flowLog: ConfigurationItem): ConfigurationItem => ({
    ...flowLog,
    configuration: { ...(flowLog.configuration ?? {}), ...patch },
  });
}

const prod = () => loadFixture(TYPE, 'flow-logs-all-to-cloudwatch-400-days');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a VPC with an active ALL flow log and says where it goes', () => {
    expect(evaluateFixture(rule, prod())).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'VPC vpc-0f1e2d3c4b5a69788 has flow logs: fl-0a1b2c3d4e5f60718 (ALL to cloud-watch-logs).',
    });
  });

  it('fails a VPC whose only flow log captures one of its subnets', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'subnet-flow-log-only'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'VPC vpc-0d4e6f8a0b2c3d5e7 has no VPC-level flow log.',
    });
  });

  it('fails a VPC judged with an empty inventory', () => {
    const fixture = { ...prod(), inventory: EMPTY_INVENTORY };
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('gives no verdict when flow logs were not collected at all (describe path)', () => {
    const fixture = prod();
    const inventory = createInventory([fixture.item], { collects: (type) => type !== FLOW_LOG });
    expect(evaluateFixture(rule, { ...fixture, inventory })).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation:
        'Flow logs of VPC vpc-0f1e2d3c4b5a69788 were not collected (no flow log describer on this path).',
    });
  });

  it('does not count a flow log whose status was not recorded as working, nor fail the VPC for it', () => {
    const verdict = evaluateFixture(
      rule,
      withFlowLogs(prod(), patchConfiguration({ flowLogStatus: undefined })),
    );
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('the status of fl-0a1b2c3d4e5f60718 was not recorded');
  });

  it('gives no verdict on a wanted traffic type when the only flow log records none', () => {
    const fixture = withFlowLogs(prod(), patchConfiguration({ trafficType: undefined }));
    const verdict = evaluateFixture(rule, fixture, { parameters: { trafficType: 'REJECT' } });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
  });

  it('matches a flow log by its relationship to the VPC when resourceId is not recorded', () => {
    const fixture = withFlowLogs(loadFixture(TYPE, 'flow-logs-all-to-s3'), (flowLog) => ({
      ...flowLog,
      configuration: { ...(flowLog.configuration ?? {}), resourceId: undefined },
    }));
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('ignores flow logs of another region or a deleted flow log', () => {
    const otherRegion = withFlowLogs(prod(), (flowLog) => ({ ...flowLog, region: 'eu-west-1' }));
    const deleted = withFlowLogs(prod(), (flowLog) => ({ ...flowLog, status: 'ResourceDeleted' }));
    expect(evaluateFixture(rule, otherRegion).compliance).toBe('NON_COMPLIANT');
    expect(evaluateFixture(rule, deleted).compliance).toBe('NON_COMPLIANT');
  });

  it('does not count a flow log whose delivery FAILED, and says why', () => {
    const fixture = withFlowLogs(
      prod(),
      patchConfiguration({ deliverLogsStatus: 'FAILED', deliverLogsErrorMessage: 'Access error' }),
    );
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'VPC vpc-0f1e2d3c4b5a69788 has no working flow log: fl-0a1b2c3d4e5f60718 delivery FAILED (Access error).',
    });
  });

  it('does not count a flow log that is not ACTIVE', () => {
    const fixture = withFlowLogs(prod(), patchConfiguration({ flowLogStatus: 'DELETING' }));
    expect(evaluateFixture(rule, fixture).annotation).toContain('status DELETING');
  });

  it.each([
    ['ALL', 'ALL', 'COMPLIANT'],
    ['ALL', 'accept', 'COMPLIANT'],
    ['ALL', 'REJECT', 'COMPLIANT'],
    ['REJECT', 'REJECT', 'COMPLIANT'],
    ['REJECT', 'ACCEPT', 'NON_COMPLIANT'],
    ['REJECT', 'ALL', 'NON_COMPLIANT'],
    ['REJECT', '', 'COMPLIANT'],
  ] as const)('a %s flow log against trafficType "%s" is %s', (trafficType, wanted, expected) => {
    const fixture = withFlowLogs(prod(), patchConfiguration({ trafficType }));
    expect(evaluateFixture(rule, fixture, { parameters: { trafficType: wanted } }).compliance).toBe(expected);
  });

  it('accepts ACCEPT and REJECT flow logs together as capturing ALL traffic', () => {
    const base = prod();
    const [flowLog] = base.inventory.itemsOfType(FLOW_LOG);
    if (!flowLog) throw new Error('fixture has no flow log');
    const accept = { ...flowLog, configuration: { ...flowLog.configuration, trafficType: 'ACCEPT' } };
    const reject = {
      ...flowLog,
      resourceId: 'fl-0f0e0d0c0b0a09080',
      configuration: { ...flowLog.configuration, flowLogId: 'fl-0f0e0d0c0b0a09080', trafficType: 'REJECT' },
    };
    const fixture = { ...base, inventory: createInventory([base.item, accept, reject]) };
    expect(evaluateFixture(rule, fixture, { parameters: { trafficType: 'ALL' } }).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('explains which traffic types were found when the wanted one is missing', () => {
    const fixture = loadFixture(TYPE, 'flow-logs-reject-to-cloudwatch-30-days');
    expect(evaluateFixture(rule, fixture, { parameters: { trafficType: 'ACCEPT' } })).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'VPC vpc-0c3d5e7f9a1b2c4d6 has no flow log capturing ACCEPT traffic (traffic types: REJECT).',
    });
  });

  it('turns an unknown trafficType into an ERROR evaluation through the engine', () => {
    const fixture = prod();
    const [evaluation] = new RuleEngine([rule], { [rule.id]: { trafficType: 'SOME' } }).evaluate(
      fixture.item,
      {
        now: new Date('2026-11-23T12:00:00Z'),
        inventory: fixture.inventory,
      },
    );
    expect(evaluation?.compliance).toBe('ERROR');
    expect(evaluation?.annotation).toContain('trafficType must be ACCEPT, REJECT or ALL');
  });

  it('declares that it reads flow logs, so a flow log change re-evaluates VPCs', () => {
    expect(new RuleEngine([rule]).rulesReading(FLOW_LOG)).toContain(rule);
  });

  it('reports a deleted VPC as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
