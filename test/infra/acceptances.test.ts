import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceMonitor } from '#infra/compliance-monitor';
import { REGISTER_PARTITION } from '#shared/acceptances/register-store';
import {
  type IamStatement,
  iamStatements,
  logicalIdOf,
  policyDocumentStatements,
  resourcesOf,
  synthMonitor,
} from '#test/infra/support';

function actionsOf(statement: IamStatement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];
}

describe('risk-acceptance register: who may read and who may change it', () => {
  let stack: Stack;
  let monitor: ComplianceMonitor;
  let template: Template;

  beforeAll(() => {
    ({ stack, monitor, template } = synthMonitor());
  });

  const statementsOf = (role: unknown) => iamStatements(template, logicalIdOf(stack, role as never));

  it.each(['evaluator', 'sweepWorker', 'configRuleFunction', 'remediate', 'dailyDigest'] as const)(
    '%s may Query only the register partition and is denied every write to it',
    (name) => {
      const statements = statementsOf(monitor[name].role);
      const query = statements.find(
        (statement) => statement.Effect === 'Allow' && actionsOf(statement).includes('dynamodb:Query'),
      );
      expect(query?.Condition).toEqual({
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REGISTER_PARTITION] },
      });
      const deny = statements.find((statement) => statement.Sid === 'DenyAcceptanceRegisterWrites');
      expect(deny?.Effect).toBe('Deny');
      expect(actionsOf(deny as IamStatement).sort()).toEqual(
        ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'].sort(),
      );
      expect(deny?.Condition).toEqual({
        'ForAnyValue:StringEquals': { 'dynamodb:LeadingKeys': [REGISTER_PARTITION] },
      });
      // No put under acceptances/ for a function that judges or remediates.
      const puts = statements.filter((statement) => actionsOf(statement).includes('s3:PutObject'));
      expect(JSON.stringify(puts)).not.toContain('acceptances/');
    },
  );

  it.each(['expiry', 'admin'] as const)(
    'the %s role writes only the register partition and acceptances/',
    (which) => {
      const role = which === 'expiry' ? monitor.acceptances.expiry.role : monitor.acceptances.adminRole;
      const statements = statementsOf(role);
      const tableWrites = statements.filter((statement) => actionsOf(statement).includes('dynamodb:PutItem'));
      expect(tableWrites).toHaveLength(1);
      expect(tableWrites[0]?.Condition).toEqual({
        'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [REGISTER_PARTITION] },
      });
      const puts = statements.filter((statement) => actionsOf(statement).includes('s3:PutObject'));
      expect(puts).toHaveLength(1);
      expect(JSON.stringify(puts[0]?.Resource)).toContain('/acceptances/*');
      expect(JSON.stringify(puts[0]?.Resource)).not.toContain('findings/');
    },
  );

  it('the admin role is assumable from the account with MFA only', () => {
    const role = resourcesOf(template, 'AWS::IAM::Role')[logicalIdOf(stack, monitor.acceptances.adminRole)];
    const document = role?.Properties.AssumeRolePolicyDocument as { Statement: IamStatement[] } | undefined;
    const trust = document?.Statement ?? [];
    expect(trust).toHaveLength(1);
    expect(trust[0]?.Condition).toEqual({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
  });

  it('runs the expiry job hourly', () => {
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule')).filter(
      (rule) => rule.Properties.Description === 'Vigil: hourly risk-acceptance expiry warnings and lapses',
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties.ScheduleExpression).toBe('rate(1 hour)');
  });

  it('protects acceptances/ like the other evidence prefixes, and lets the register writers set Object Lock', () => {
    const statements = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).flatMap((policy) =>
      policyDocumentStatements(policy),
    );
    const unconditional = statements.find((statement) => statement.Sid === 'DenyUnconditionalEvidenceWrites');
    expect(JSON.stringify(unconditional?.Resource)).toContain('/acceptances/*');
    const retention = statements.find((statement) => statement.Sid === 'DenyRetentionChanges');
    const excepted = JSON.stringify(retention?.Condition);
    for (const role of [monitor.acceptances.adminRole, monitor.acceptances.expiry.role]) {
      expect(excepted).toContain(logicalIdOf(stack, role));
    }
  });
});
