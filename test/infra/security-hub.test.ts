import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceMonitor } from '#infra/compliance-monitor';
import { readSettings } from '#infra/settings';
import type { VigilFunction } from '#infra/vigil-function';
import { VigilStack } from '#infra/vigil-stack';
import {
  functionEnvironment,
  type IamStatement,
  iamStatements,
  logicalIdOf,
  policyDocumentStatements,
  resourcesOf,
  synthMonitor,
  testApp,
} from '#test/infra/support';

const PRODUCT_ARN = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':securityhub:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':product/',
      { Ref: 'AWS::AccountId' },
      '/default',
    ],
  ],
};

function actionsOf(statement: IamStatement): string[] {
  return typeof statement.Action === 'string' ? [statement.Action] : [...statement.Action];
}

function importStatements(template: Template): IamStatement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) =>
    policyDocumentStatements(policy).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('securityhub:')),
    ),
  );
}

describe('securityHub: true', () => {
  let stack: Stack;
  let monitor: ComplianceMonitor;
  let template: Template;

  beforeAll(() => {
    ({ stack, monitor, template } = synthMonitor({ securityHub: true }));
  });

  const canImport = (fn: VigilFunction) =>
    iamStatements(template, logicalIdOf(stack, fn.role)).some(
      (statement) =>
        statement.Effect === 'Allow' && actionsOf(statement).includes('securityhub:BatchImportFindings'),
    );

  it('grants BatchImportFindings on the default product only, in one statement with no other action', () => {
    const statements = importStatements(template);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'securityhub:BatchImportFindings',
      Resource: PRODUCT_ARN,
    });
  });

  it('lets exactly the functions whose alerts change a status import findings', () => {
    const importers: [string, VigilFunction][] = [
      ['evaluator', monitor.evaluator],
      ['sweepWorker', monitor.sweepWorker],
      ['configRuleFunction', monitor.configRuleFunction],
      ['remediate', monitor.remediate],
      ['acceptance expiry', monitor.acceptances.expiry],
    ];
    for (const [name, fn] of importers) expect(canImport(fn), name).toBe(true);
    const others: [string, VigilFunction][] = [
      ['sweep', monitor.sweep],
      ['exporter', monitor.exporter],
      ['sealDigests', monitor.sealDigests],
      ['dailyDigest', monitor.dailyDigest],
      ['approvals expiry', monitor.approvals.expiryFunction],
    ];
    for (const [name, fn] of others) expect(canImport(fn), name).toBe(false);
  });

  it('tells the alerting functions to import, and under which product', () => {
    const environment = functionEnvironment(template, logicalIdOf(stack, monitor.evaluator.function));
    expect(environment.SECURITY_HUB).toBe('on');
    expect(environment.SECURITY_HUB_PRODUCT_ARN).toEqual(PRODUCT_ARN);
  });
});

describe('securityHub left out', () => {
  it('defaults to off: no grant, SECURITY_HUB=off and no product ARN', () => {
    const { stack, monitor, template } = synthMonitor();
    expect(importStatements(template)).toEqual([]);
    const environment = functionEnvironment(template, logicalIdOf(stack, monitor.evaluator.function));
    expect(environment.SECURITY_HUB).toBe('off');
    expect(environment).not.toHaveProperty('SECURITY_HUB_PRODUCT_ARN');
  });
});

describe('the VigilStack app', () => {
  it('turns Security Hub on from the CDK context (cdk deploy -c securityHub=true)', () => {
    const app = testApp({ securityHub: 'true' });
    const stack = new VigilStack(app, 'Vigil', { settings: readSettings(app.node) });
    const template = Template.fromStack(stack);
    expect(importStatements(template)).toHaveLength(1);
    const environment = functionEnvironment(template, logicalIdOf(stack, stack.monitor.evaluator.function));
    expect(environment.SECURITY_HUB).toBe('on');
  });
});
