import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_MAX_LENGTH,
  RuleEngine,
  synthesizeAccountItem,
  truncateAnnotation,
} from '#shared/rules/engine';
import { createInventory, EMPTY_INVENTORY } from '#shared/rules/inventory';
import { RuleParameterError } from '#shared/rules/parameters';
import { ACCOUNT_RESOURCE_TYPE, compliant, nonCompliant, type Rule } from '#shared/rules/rule';
import { logGroupItem } from '#test/support/configuration-items';

const NOW = new Date('2026-11-23T12:00:00Z');

function makeRule(overrides: Partial<Rule> & Pick<Rule, 'id'>): Rule {
  return {
    title: `${overrides.id} holds`,
    resourceTypes: ['AWS::Logs::LogGroup'],
    severity: 'medium',
    parameters: {},
    rationale: 'test rule',
    remediationAdvice: 'fix it',
    managedRule: false,
    evaluate: () => compliant('fine'),
    ...overrides,
  };
}

const retentionRule = makeRule({
  id: 'retention',
  parameters: {
    MinRetentionTime: { type: 'number', default: 365, description: 'days' },
    Strict: { type: 'boolean', default: false, description: 'strict' },
    Exempt: { type: 'string-list', default: [], description: 'exempt names' },
    Label: { type: 'string', default: 'x', description: 'label' },
  },
  evaluate: (item, { parameters }) => {
    const days = Number(item.configuration?.retentionInDays);
    return days >= Number(parameters.MinRetentionTime)
      ? compliant(`ok ${JSON.stringify(parameters)}`)
      : nonCompliant(`${days} < ${String(parameters.MinRetentionTime)} ${JSON.stringify(parameters)}`);
  },
});

const throwingRule = makeRule({
  id: 'throws',
  evaluate: () => {
    throw new TypeError("Cannot read properties of undefined (reading 'x')");
  },
});

describe('RuleEngine.evaluate', () => {
  it('turns a throwing rule into an ERROR tagged with its id, and still runs the others', () => {
    const engine = new RuleEngine([throwingRule, retentionRule]);
    const evaluations = engine.evaluate(logGroupItem(), { now: NOW, inventory: EMPTY_INVENTORY });
    expect(evaluations.map((evaluation) => [evaluation.ruleId, evaluation.compliance])).toEqual([
      ['throws', 'ERROR'],
      ['retention', 'NON_COMPLIANT'],
    ]);
    expect(evaluations[0]?.annotation).toBe(
      "Rule throws failed: TypeError: Cannot read properties of undefined (reading 'x')",
    );
  });

  it('reports a thrown non-Error value too', () => {
    const rule = makeRule({
      id: 'throws-string',
      evaluate: () => {
        throw 'nope';
      },
    });
    const [evaluation] = new RuleEngine([rule]).evaluate(logGroupItem(), {
      now: NOW,
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation).toMatchObject({ compliance: 'ERROR', annotation: 'Rule throws-string failed: nope' });
  });

  it('truncates long annotations, of verdicts and of errors, to what AWS Config keeps', () => {
    const long = 'x'.repeat(1000);
    const verbose = makeRule({ id: 'verbose', evaluate: () => nonCompliant(long) });
    const failing = makeRule({
      id: 'failing',
      evaluate: () => {
        throw new Error(long);
      },
    });
    const evaluations = new RuleEngine([verbose, failing]).evaluate(logGroupItem(), {
      now: NOW,
      inventory: EMPTY_INVENTORY,
    });
    for (const evaluation of evaluations) {
      expect(evaluation.annotation).toHaveLength(ANNOTATION_MAX_LENGTH);
      expect(evaluation.annotation.endsWith('…')).toBe(true);
    }
  });

  it.each([
    ['exactly 256 characters', 256, 256],
    ['255 characters', 255, 255],
    ['257 characters', 257, 256],
  ])('truncateAnnotation keeps %s within the limit', (_label, length, expected) => {
    expect(truncateAnnotation('a'.repeat(length))).toHaveLength(expected);
  });

  it.each([['ResourceDeleted'], ['ResourceDeletedNotRecorded'], ['ResourceNotRecorded']] as const)(
    'reports a %s item NOT_APPLICABLE without running the rule',
    (status) => {
      let calls = 0;
      const counting = makeRule({
        id: 'counting',
        evaluate: () => {
          calls += 1;
          return compliant('ran');
        },
      });
      const [evaluation] = new RuleEngine([counting, throwingRule]).evaluate(
        logGroupItem({ status, configuration: null }),
        { now: NOW, inventory: EMPTY_INVENTORY },
      );
      expect(evaluation).toMatchObject({
        compliance: 'NOT_APPLICABLE',
        annotation: `Resource status is ${status}.`,
      });
      expect(calls).toBe(0);
    },
  );

  it.each([['OK'], ['ResourceDiscovered']] as const)(
    'reports a %s item whose configuration was not recorded NOT_APPLICABLE without running the rule',
    (status) => {
      let calls = 0;
      const counting = makeRule({
        id: 'counting',
        evaluate: () => {
          calls += 1;
          return nonCompliant('judged nothing as off');
        },
      });
      const evaluations = new RuleEngine([counting, throwingRule]).evaluate(
        logGroupItem({ status, configuration: null }),
        { now: NOW, inventory: EMPTY_INVENTORY },
      );
      expect(evaluations.map((evaluation) => evaluation.compliance)).toEqual([
        'NOT_APPLICABLE',
        'NOT_APPLICABLE',
      ]);
      expect(evaluations[0]?.annotation).toMatch(
        /^The configuration of AWS::Logs::LogGroup .+ was not recorded/,
      );
      expect(calls).toBe(0);
    },
  );

  it('runs only the rules of the item type and copies rule metadata and SOC 2 pack criteria onto the evaluation', () => {
    const bucketRule = makeRule({
      id: 's3-bucket-ssl-requests-only',
      resourceTypes: ['AWS::S3::Bucket'],
      severity: 'high',
    });
    const engine = new RuleEngine([retentionRule, bucketRule]);
    const item = logGroupItem({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'audit-logs',
      arn: 'arn:aws:s3:::audit-logs',
    });
    expect(engine.evaluate(item, { now: NOW, inventory: EMPTY_INVENTORY })).toEqual([
      {
        ruleId: 's3-bucket-ssl-requests-only',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'audit-logs',
        resourceName: '/aws/lambda/payments-api',
        arn: 'arn:aws:s3:::audit-logs',
        accountId: '123456789012',
        region: 'us-east-1',
        captureTime: '2026-11-20T09:14:02.118Z',
        compliance: 'COMPLIANT',
        annotation: 'fine',
        soc2: ['CC6.1', 'CC6.7'],
        severity: 'high',
      },
    ]);
    expect(
      engine.evaluate(logGroupItem({ resourceType: 'AWS::KMS::Key' }), {
        now: NOW,
        inventory: EMPTY_INVENTORY,
      }),
    ).toEqual([]);
  });

  it('passes the clock and inventory through to the rule', () => {
    const seen: unknown[] = [];
    const rule = makeRule({
      id: 'context',
      evaluate: (_item, context) => {
        seen.push(context.now, context.inventory);
        return compliant('ok');
      },
    });
    const inventory = createInventory([logGroupItem()]);
    new RuleEngine([rule]).evaluate(logGroupItem(), { now: NOW, inventory });
    expect(seen).toEqual([NOW, inventory]);
  });

  it('indexes rules by judged and read resource types', () => {
    const reader = makeRule({ id: 'reader', resourceTypes: ['AWS::EC2::VPC'], reads: ['AWS::EC2::FlowLog'] });
    const engine = new RuleEngine([retentionRule, reader]);
    expect(engine.rulesFor('AWS::EC2::VPC')).toEqual([reader]);
    expect(engine.rulesReading('AWS::EC2::FlowLog')).toEqual([reader]);
    expect(engine.rulesReading('AWS::Logs::LogGroup')).toEqual([]);
    expect(engine.needsInventory('AWS::EC2::VPC')).toBe(true);
    expect(engine.needsInventory('AWS::Logs::LogGroup')).toBe(false);
    expect(engine.needsInventory('AWS::S3::Bucket')).toBe(false);
  });
});

describe('RuleEngine.inventoryReads: what the rules judging an item need beside it', () => {
  const LOG_GROUP = 'AWS::Logs::LogGroup';
  const wholeReader = makeRule({ id: 'whole', reads: ['AWS::EC2::FlowLog', 'AWS::KMS::Key'] });
  const namer = makeRule({
    id: 'namer',
    reads: [LOG_GROUP],
    parameters: { Peer: { type: 'string', default: '', description: 'peer log group' } },
    readsOf: (_item, parameters) =>
      parameters.Peer === '' ? [] : [{ resourceType: LOG_GROUP, resourceId: String(parameters.Peer) }],
  });

  it('asks for whole types of rules that only declare reads, and not for the types a rule names resources of', () => {
    const engine = new RuleEngine([wholeReader, namer], { namer: { Peer: 'audit' } });
    expect(engine.inventoryReads(logGroupItem())).toEqual({
      types: ['AWS::EC2::FlowLog', 'AWS::KMS::Key'],
      resources: [{ resourceType: LOG_GROUP, resourceId: 'audit' }],
    });
  });

  it('says which types a rule names resources of (worth keeping when read by other means)', () => {
    const engine = new RuleEngine([wholeReader, namer]);
    expect(engine.namesResourcesOf(LOG_GROUP)).toBe(true);
    expect(engine.namesResourcesOf('AWS::EC2::FlowLog')).toBe(false);
  });

  it('gives readsOf the resolved parameters, so a rule that needs no other resource asks for none', () => {
    expect(new RuleEngine([namer]).inventoryReads(logGroupItem())).toEqual({ types: [], resources: [] });
  });

  it('asks for nothing for a deleted item, an item no rule judges, or a readsOf that throws', () => {
    const throwing = makeRule({
      id: 'throwing-reads',
      reads: [LOG_GROUP],
      readsOf: () => {
        throw new TypeError('bad item');
      },
    });
    const engine = new RuleEngine([wholeReader, throwing]);
    expect(engine.inventoryReads(logGroupItem({ status: 'ResourceDeleted' }))).toEqual({
      types: [],
      resources: [],
    });
    expect(engine.inventoryReads(logGroupItem({ resourceType: 'AWS::SNS::Topic' })).types).toEqual([]);
    expect(new RuleEngine([throwing]).inventoryReads(logGroupItem())).toEqual({ types: [], resources: [] });
  });
});

describe('RuleEngine parameters', () => {
  it('uses defaults when nothing is overridden', () => {
    const [evaluation] = new RuleEngine([retentionRule]).evaluate(
      logGroupItem({ configuration: { retentionInDays: 365 } }),
      {
        now: NOW,
        inventory: EMPTY_INVENTORY,
      },
    );
    expect(evaluation?.annotation).toBe('ok {"MinRetentionTime":365,"Strict":false,"Exempt":[],"Label":"x"}');
  });

  it('coerces overrides given as strings, as AWS Config passes them', () => {
    const engine = new RuleEngine([retentionRule], {
      retention: { MinRetentionTime: '30', Strict: 'TRUE', Exempt: 'a, b,,c', Label: 7 },
    });
    const [evaluation] = engine.evaluate(logGroupItem(), { now: NOW, inventory: EMPTY_INVENTORY });
    expect(evaluation?.annotation).toBe(
      'ok {"MinRetentionTime":30,"Strict":true,"Exempt":["a","b","c"],"Label":"7"}',
    );
  });

  it('keeps the default for an empty override, as Config does for optional parameters', () => {
    const engine = new RuleEngine([retentionRule], { retention: { MinRetentionTime: '' } });
    const [evaluation] = engine.evaluate(logGroupItem(), { now: NOW, inventory: EMPTY_INVENTORY });
    expect(evaluation?.compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    [
      'a number that is not',
      { MinRetentionTime: 'a year' },
      'parameter MinRetentionTime must be a number, got "a year"',
    ],
    ['a blank number', { MinRetentionTime: '   ' }, 'MinRetentionTime must be a number'],
    ['a boolean that is not', { Strict: 'yes' }, 'parameter Strict must be true or false'],
    ['a list of objects', { Exempt: [{}] }, 'parameter Exempt must be a comma-separated list'],
    ['a string given an object', { Label: { a: 1 } }, 'parameter Label must be a string'],
    [
      'an unknown parameter',
      { MaxRetentionTime: '3' },
      'unknown parameter MaxRetentionTime (known: MinRetentionTime, Strict, Exempt, Label)',
    ],
  ])('rejects %s at construction', (_label, override, message) => {
    expect(() => new RuleEngine([retentionRule], { retention: override })).toThrow(RuleParameterError);
    expect(() => new RuleEngine([retentionRule], { retention: override })).toThrow(message);
  });

  it('ignores overrides for rules it was not given', () => {
    expect(() => new RuleEngine([retentionRule], { other: { Anything: 'x' } })).not.toThrow();
  });
});

describe('RuleEngine.scan', () => {
  const accountRule = makeRule({
    id: 'account-rule',
    resourceTypes: [ACCOUNT_RESOURCE_TYPE],
    evaluate: (item, { inventory }) =>
      compliant(
        `${item.resourceId} in ${item.region}: ${inventory.itemsOfType('AWS::Logs::LogGroup').length} log groups`,
      ),
  });

  it('evaluates account rules once per account on a synthesized item', () => {
    const items = [
      logGroupItem({ resourceId: '/a', region: 'eu-west-1' }),
      logGroupItem({ resourceId: '/b', region: 'eu-west-1', captureTime: '2026-11-21T00:00:00.000Z' }),
      logGroupItem({ resourceId: '/c', region: 'us-east-1' }),
      logGroupItem({ resourceId: '/d', accountId: '210987654321' }),
    ];
    const evaluations = new RuleEngine([accountRule, retentionRule]).scan(items, { now: NOW });
    const accountEvaluations = evaluations.filter((evaluation) => evaluation.ruleId === 'account-rule');
    expect(accountEvaluations).toEqual([
      expect.objectContaining({
        resourceType: ACCOUNT_RESOURCE_TYPE,
        resourceId: '123456789012',
        accountId: '123456789012',
        region: 'eu-west-1',
        captureTime: '2026-11-21T00:00:00.000Z',
        annotation: '123456789012 in eu-west-1: 3 log groups',
      }),
      expect.objectContaining({
        resourceId: '210987654321',
        annotation: '210987654321 in us-east-1: 1 log groups',
      }),
    ]);
    expect(evaluations.filter((evaluation) => evaluation.ruleId === 'retention')).toHaveLength(4);
  });

  it('uses the recorded account item instead of synthesizing one', () => {
    const recorded = logGroupItem({
      resourceType: ACCOUNT_RESOURCE_TYPE,
      resourceId: '123456789012',
      region: 'ap-south-1',
      configuration: { ebsEncryptionByDefault: true },
    });
    const evaluations = new RuleEngine([accountRule]).scan([logGroupItem(), recorded], { now: NOW });
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({ region: 'ap-south-1', resourceId: '123456789012' });
  });

  it('synthesizes no account item when no account rule runs', () => {
    const evaluations = new RuleEngine([retentionRule]).scan([logGroupItem()], { now: NOW });
    expect(evaluations.map((evaluation) => evaluation.resourceType)).toEqual(['AWS::Logs::LogGroup']);
  });

  it('builds each account inventory from its live items only, newest capture first', () => {
    const counter = makeRule({
      id: 'counter',
      evaluate: (item, { inventory }) => {
        const found = inventory.find('AWS::Logs::LogGroup', '/a');
        return compliant(
          `${item.resourceId}: ${inventory.itemsOfType('AWS::Logs::LogGroup').length} live, /a keeps ${String(found?.configuration?.retentionInDays)}`,
        );
      },
    });
    const items = [
      logGroupItem({
        resourceId: '/a',
        configuration: { retentionInDays: 30 },
        captureTime: '2026-11-20T00:00:00.000Z',
      }),
      logGroupItem({
        resourceId: '/a',
        configuration: { retentionInDays: 400 },
        captureTime: '2026-11-22T00:00:00.000Z',
      }),
      logGroupItem({ resourceId: '/gone', status: 'ResourceDeleted', configuration: null }),
    ];
    const annotations = new RuleEngine([counter])
      .scan(items, { now: NOW })
      .map((evaluation) => evaluation.annotation);
    expect(annotations).toEqual([
      '/a: 1 live, /a keeps 400',
      '/a: 1 live, /a keeps 400',
      'Resource status is ResourceDeleted.',
    ]);
  });

  it('keeps one bad rule from failing a whole scan', () => {
    const items = Array.from({ length: 5 }, (_, index) => logGroupItem({ resourceId: `/lg/${index}` }));
    const evaluations = new RuleEngine([throwingRule, retentionRule]).scan(items, { now: NOW });
    expect(evaluations.filter((evaluation) => evaluation.compliance === 'ERROR')).toHaveLength(5);
    expect(evaluations.filter((evaluation) => evaluation.compliance === 'NON_COMPLIANT')).toHaveLength(5);
  });
});

describe('synthesizeAccountItem', () => {
  it('picks the region with most items and the latest capture time', () => {
    const item = synthesizeAccountItem('123456789012', [
      logGroupItem({ region: 'us-east-1', captureTime: '2026-11-22T00:00:00.000Z' }),
      logGroupItem({ region: 'eu-west-1' }),
      logGroupItem({ region: 'eu-west-1' }),
    ]);
    expect(item).toMatchObject({
      resourceType: ACCOUNT_RESOURCE_TYPE,
      resourceId: '123456789012',
      region: 'eu-west-1',
      captureTime: '2026-11-22T00:00:00.000Z',
      status: 'OK',
      configuration: {},
    });
  });

  it('defaults to us-east-1 for an account with no items', () => {
    expect(synthesizeAccountItem('123456789012', []).region).toBe('us-east-1');
  });
});
