import { describe, expect, it } from 'vitest';
import { PolicyParseError } from '#shared/policy/errors';
import { RuleEngine } from '#shared/rules/engine';
import { iamPolicyNoStatementsWithAdminAccess as rule } from '#shared/rules/iam/iam-policy-no-statements-with-admin-access';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::IAM::Policy';

/** The full-admin fixture with its only (default) version replaced by this document. */
function withDocument(document: unknown) {
  return withConfiguration(loadFixture(TYPE, 'full-admin'), {
    policyVersionList: [
      { document, versionId: 'v1', isDefaultVersion: true, createDate: '2020-03-02T15:00:00.000Z' },
    ],
  });
}

const doc = (...statements: Record<string, unknown>[]) =>
  encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: statements }));

describe(`${rule.id}: ${rule.title}`, () => {
  it('fails a customer managed policy allowing * on * and names the statement', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'full-admin'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Policy LegacyFullAdmin (v1) allows every action on every resource in statement 0 ("AllowEverything").',
    });
  });

  it('judges only the default version: an old admin version does not fail a scoped policy', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'scoped-deploy-with-old-admin-version'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'Policy DeployPipeline (v2) has no statement allowing every action on every resource.',
    });
  });

  it.each([
    ['service:* on *', { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }, 'COMPLIANT'],
    [
      '* on one bucket',
      { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::payments-data/*' },
      'COMPLIANT',
    ],
    ['* on arn:*', { Effect: 'Allow', Action: '*', Resource: 'arn:*' }, 'COMPLIANT'],
    ['Deny * on *', { Effect: 'Deny', Action: '*', Resource: '*' }, 'COMPLIANT'],
    ['NotAction iam:* on *', { Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, 'COMPLIANT'],
    ['lists ["*"] on ["*"]', { Effect: 'Allow', Action: ['*'], Resource: ['*'] }, 'NON_COMPLIANT'],
    ['*:* on *', { Effect: 'Allow', Action: '*:*', Resource: '*' }, 'NON_COMPLIANT'],
    ['s3:Get* and * on *', { Effect: 'Allow', Action: ['s3:Get*', '*'], Resource: '*' }, 'NON_COMPLIANT'],
  ] as const)('judges a statement allowing %s as %s', (_label, statement, expected) => {
    expect(evaluateFixture(rule, withDocument(doc(statement))).compliance).toBe(expected);
  });

  it('fails * on * even under a condition, and says so', () => {
    const statement = {
      Sid: 'OfficeOnly',
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    };
    expect(evaluateFixture(rule, withDocument(doc(statement))).annotation).toBe(
      'Policy LegacyFullAdmin (v1) allows every action on every resource in statement 0 ("OfficeOnly") (with conditions).',
    );
  });

  it.each([
    [
      'a plain JSON string',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
    ],
    ['an object', { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }],
  ])('reads a default version document given as %s', (_label, document) => {
    expect(evaluateFixture(rule, withDocument(document)).compliance).toBe('NON_COMPLIANT');
  });

  it('finds the default version by defaultVersionId when isDefaultVersion is missing', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'full-admin'), {
      defaultVersionId: 'v2',
      policyVersionList: [
        { document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }), versionId: 'v1' },
        { document: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), versionId: 'v2' },
      ],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('does not judge AWS managed policies', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'full-admin'), {
      arn: 'arn:aws:iam::aws:policy/AdministratorAccess',
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
  });

  it.each([
    [true, 'NOT_APPLICABLE'],
    [false, 'NON_COMPLIANT'],
  ] as const)(
    'with excludePermissionBoundaryPolicy %s judges an admin boundary policy as %s',
    (exclude, expected) => {
      const fixture = withConfiguration(loadFixture(TYPE, 'full-admin'), {
        permissionsBoundaryUsageCount: 3,
      });
      const verdict = evaluateFixture(rule, fixture, {
        parameters: { excludePermissionBoundaryPolicy: String(exclude) },
      });
      expect(verdict.compliance).toBe(expected);
    },
  );

  it('is NOT_APPLICABLE when the default version document is not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'full-admin'), { policyVersionList: [] });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The default version document of policy LegacyFullAdmin is not recorded.',
    });
  });

  it('rejects a document that does not parse, which the engine reports as ERROR', () => {
    const fixture = withDocument('%7B%22Version%22%3A%222012-10-17%22%7D');
    expect(() => evaluateFixture(rule, fixture)).toThrow(PolicyParseError);
    const [evaluation] = new RuleEngine([rule]).evaluate(fixture.item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('ERROR');
  });

  it('reports a deleted policy as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date(),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
