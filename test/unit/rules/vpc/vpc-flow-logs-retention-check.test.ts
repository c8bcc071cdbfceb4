import { describe, expect, it } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { vpcFlowLogsRetentionCheck as rule } from '#shared/rules/vpc/vpc-flow-logs-retention-check';
import { evaluateFixture, type Fixture, loadFixture } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::VPC';
const FLOW_LOG = 'AWS::EC2::FlowLog';
const LOG_GROUP = 'AWS::Logs::LogGroup';

function patched(fixture: Fixture, type: string, patch: Record<string, unknown>): Fixture {
  const items = [FLOW_LOG, LOG_GROUP].flatMap((t) =>
    fixture.inventory
      .itemsOfType(t)
      .map(
        (item): ConfigurationItem =>
          t === type ? { ...item, configuration: { ...(item.configuration ?? {}), ...patch } } : item,
      ),
  );
  return { ...fixture, inventory: createInventory([fixture.item, ...items]) };
}

function withoutLogGroups(fixture: Fixture): Fixture {
  return {
    ...fixture,
    inventory: createInventory([fixture.item, ...fixture.inventory.itemsOfType(FLOW_LOG)]),
  };
}

const prod = () => loadFixture(TYPE, 'flow-logs-all-to-cloudwatch-400-days');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a VPC whose flow log group keeps 400 days', () => {
    expect(evaluateFixture(rule, prod())).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'Flow logs of VPC vpc-0f1e2d3c4b5a69788 are kept at least 365 days: fl-0a1b2c3d4e5f60718 → /vpc/flow-logs/prod (400 days).',
    });
  });

  it('fails a VPC whose flow log group keeps 30 days', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'flow-logs-reject-to-cloudwatch-30-days'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Flow logs of VPC vpc-0c3d5e7f9a1b2c4d6 are kept less than 365 days: fl-0c3d4e5f6a7b8091a → /vpc/flow-logs/data-platform keeps 30 days.',
    });
  });

  it.each([
    [364, 'NON_COMPLIANT'],
    [365, 'COMPLIANT'],
    [null, 'COMPLIANT'],
    [0, 'COMPLIANT'],
  ] as const)('judges a log group retention of %s days as %s', (retentionInDays, expected) => {
    const fixture = patched(prod(), LOG_GROUP, { retentionInDays });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('honours a MinRetentionTime parameter', () => {
    expect(evaluateFixture(rule, prod(), { parameters: { MinRetentionTime: '731' } }).compliance).toBe(
      'NON_COMPLIANT',
    );
  });

  it('gives no verdict when the destination log group is not in the inventory (retention not collected)', () => {
    const verdict = evaluateFixture(rule, withoutLogGroups(prod()));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('/vpc/flow-logs/prod, which is not recorded');
  });

  it('finds the log group from the logDestination ARN when logGroupName is missing', () => {
    const fixture = patched(prod(), FLOW_LOG, { logGroupName: undefined });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('does not use a log group of the same name in another region', () => {
    const base = prod();
    const moved = base.inventory.itemsOfType(LOG_GROUP).map((group) => ({ ...group, region: 'eu-west-1' }));
    const fixture = {
      ...base,
      inventory: createInventory([base.item, ...base.inventory.itemsOfType(FLOW_LOG), ...moved]),
    };
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it('is NOT_APPLICABLE when every flow log goes to S3', () => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'flow-logs-all-to-s3'));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('go to S3 or Firehose');
  });

  it('is NOT_APPLICABLE to a VPC without flow logs', () => {
    expect(evaluateFixture(rule, { ...prod(), inventory: EMPTY_INVENTORY }).compliance).toBe(
      'NOT_APPLICABLE',
    );
    expect(evaluateFixture(rule, loadFixture(TYPE, 'subnet-flow-log-only')).compliance).toBe(
      'NOT_APPLICABLE',
    );
  });

  it('declares that it reads flow logs and log groups', () => {
    const engine = new RuleEngine([rule]);
    expect(engine.rulesReading(FLOW_LOG)).toContain(rule);
    expect(engine.rulesReading(LOG_GROUP)).toContain(rule);
  });

  it('reports a deleted VPC as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
