import { describe, expect, it } from 'vitest';
import { RuleParameterError, resolveParameters } from '#shared/rules/parameters';
import { RULES } from '#shared/rules/registry';
import type { ParameterSpec, ParameterValue, Rule } from '#shared/rules/rule';
import {
  evaluateFixture,
  type Fixture,
  loadFixture,
  withConfiguration,
  withSupplementary,
} from '#test/support/fixtures';
import type { AwsPage } from './aws-page';
import { DATA_SERVICE_PAGES } from './aws-pages-data-services';
import { STORAGE_AND_TRAIL_PAGES } from './aws-pages-storage';

const LOG_GROUP = 'AWS::Logs::LogGroup';
const FUNCTION = 'AWS::Lambda::Function';
const STAGE = 'AWS::ApiGateway::Stage';
const IAM_USER = 'AWS::IAM::User';
const REPOSITORY = 'AWS::ECR::Repository';
const DB_INSTANCE = 'AWS::RDS::DBInstance';
const CLUSTER = 'AWS::EKS::Cluster';
const GROUP = 'AWS::EC2::SecurityGroup';
const _ACCOUNT = 'AWS::::Account';
const _ACCOUNT_BLOCK = 'AWS::S3::AccountPublicAccessBlock';
const _BUCKET = 'AWS::S3::Bucket';

function functionWithPolicy(statement: Record<string, unknown>): Fixture {
  const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'grant', ...statement }] });
  return withSupplementary(loadFixture(FUNCTION, 'no-policy'), { Policy });
}

const AWS_PAGES: Readonly<Record<string, AwsPage>> = {
  'iam-no-inline-policy-check': {
    quotes: [
      'The rule is NON_COMPLIANT if an AWS Identity and Access Management (IAM) user, IAM role or IAM group has any inline policy.',
    ],
    defaults: {},
    resourceTypes: ['AWS::IAM::User', 'AWS::IAM::Role', 'AWS::IAM::Group'],
    cases: [
      {
        name: 'an IAM user with an inline policy',
        fixture: () =>
          withConfiguration(loadFixture(IAM_USER, 'service-user-without-console'), {
            userPolicyList: [{ policyName: 'inline' }],
          }),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'an IAM user without inline policies',
        fixture: () =>
          withConfiguration(loadFixture(IAM_USER, 'service-user-without-console'), { userPolicyList: [] }),
        aws: 'COMPLIANT',
      },
    ],
  },
  'api-gw-execution-logging-enabled': {
    quotes: [
      'The rule is NON_COMPLIANT if logging is not enabled, or if loggingLevel is neither ERROR nor INFO.',
      'Resource Types: AWS::ApiGateway::Stage, AWS::ApiGatewayV2::Stage',
    ],
    defaults: { loggingLevel: ['ERROR', 'INFO'] },
    resourceTypes: [STAGE, 'AWS::ApiGatewayV2::Stage'],
    cases: [
      {
        name: 'a REST stage without execution logging',
        fixture: () => loadFixture(STAGE, 'sandbox-no-logging-no-tracing'),
        aws: 'NON_COMPLIANT',
      },
    ],
  },
  'cw-loggroup-retention-period-check': {
    quotes: [
      'The rule is NON_COMPLIANT if the retention period is less than MinRetentionTime, if specified, or else 365 days.',
      'If the retention setting is "Never expire" for a log group, the rule is marked as COMPLIANT.',
    ],
    defaults: { LogGroupNames: null, MinRetentionTime: 365 },
    unsupported: ['LogGroupNames'],
    cases: [
      {
        name: 'retention "Never expire"',
        fixture: () => loadFixture(LOG_GROUP, 'never-expires'),
        aws: 'COMPLIANT',
      },
      {
        name: 'retention 30 days, below the default 365',
        fixture: () => loadFixture(LOG_GROUP, 'retention-30-days'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'retention exactly 365 days (not less than the default)',
        fixture: () =>
          withConfiguration(loadFixture(LOG_GROUP, 'retention-30-days'), { retentionInDays: 365 }),
        aws: 'COMPLIANT',
      },
      {
        name: 'retention 400 days, less than a MinRetentionTime of 731',
        fixture: () => loadFixture(LOG_GROUP, 'retention-400-days'),
        parameters: { MinRetentionTime: 731 },
        aws: 'NON_COMPLIANT',
      },
    ],
  },
  'lambda-function-public-access-prohibited': {
    quotes: [
      'A lambda function policy is considered to allow public access if the principal element is empty or contains a wildcard.',
      "The rule is also NON_COMPLIANT if a Lambda function is invoked from Amazon S3, and the policy doesn't include a condition to limit public access, such as AWS:SourceAccount.",
    ],
    defaults: {},
    cases: [
      {
        name: 'a wildcard principal',
        fixture: () => loadFixture(FUNCTION, 'public-invoke'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'invoked from Amazon S3 without aws:SourceAccount',
        fixture: () => loadFixture(FUNCTION, 's3-trigger-without-source-condition'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'invoked from Amazon S3 with aws:SourceAccount',
        fixture: () => loadFixture(FUNCTION, 's3-trigger-scoped-to-account'),
        aws: 'COMPLIANT',
      },
      {
        name: 'a non-S3 service principal (EventBridge) without a source condition: no wildcard, not S3',
        fixture: () =>
          functionWithPolicy({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'lambda:InvokeFunction',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:nightly-reconcile',
          }),
        aws: 'COMPLIANT',
        vigil: 'NON_COMPLIANT',
      },
    ],
  },
  'api-gw-ssl-enabled': {
    quotes: [
      'The rule is NON_COMPLIANT if the REST API stage does not have an associated SSL certificate.',
      'This rule returns NOT_APPLICABLE if the GetIntegration API returns an integration type other than HTTP as type.',
    ],
    defaults: { CertificateIDs: null },
    cases: [
      {
        name: 'an HTTP-integrated stage without a client certificate',
        fixture: () => loadFixture(STAGE, 'without-client-certificate'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'a stage with a client certificate',
        fixture: () => loadFixture(STAGE, 'with-client-certificate'),
        aws: 'COMPLIANT',
      },
      {
        name: 'a stage whose integrations are AWS_PROXY (Lambda), without a client certificate',
        fixture: () => loadFixture(STAGE, 'without-client-certificate'),
        aws: 'NOT_APPLICABLE',
        vigil: 'NON_COMPLIANT',
      },
    ],
  },
  'ecr-private-tag-immutability-enabled': {
    quotes: ['This rule is NON_COMPLIANT if tag immutability is not enabled for the private ECR repository.'],
    defaults: {},
    cases: [
      {
        name: 'IMMUTABLE',
        fixture: () => loadFixture(REPOSITORY, 'immutable-scanned-retains-two-years'),
        aws: 'COMPLIANT',
      },
      {
        name: 'MUTABLE',
        fixture: () => loadFixture(REPOSITORY, 'mutable-unscanned-no-lifecycle'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'IMMUTABLE_WITH_EXCLUSION (the page does not say)',
        fixture: () =>
          withConfiguration(loadFixture(REPOSITORY, 'immutable-scanned-retains-two-years'), {
            ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          }),
        aws: 'undocumented',
        vigil: 'NON_COMPLIANT',
      },
    ],
  },
  'db-instance-backup-enabled': {
    quotes: [
      'Checks if RDS DB instances have backups enabled.',
      'Optionally, the rule checks the backup retention period and the backup window.',
    ],
    defaults: {
      backupRetentionPeriod: null,
      backupRetentionMinimum: null,
      preferredBackupWindow: null,
      checkReadReplicas: null,
    },
    cases: [
      {
        name: 'backups disabled (retention 0)',
        fixture: () => loadFixture(DB_INSTANCE, 'mysql-public-single-az'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'backups enabled for 3 days, no parameter set',
        fixture: () =>
          withConfiguration(loadFixture(DB_INSTANCE, 'postgres-private-multi-az'), {
            backupRetentionPeriod: 3,
          }),
        aws: 'COMPLIANT',
        vigil: 'NON_COMPLIANT',
      },
      {
        name: 'backups enabled for 3 days, backupRetentionMinimum 7',
        fixture: () =>
          withConfiguration(loadFixture(DB_INSTANCE, 'postgres-private-multi-az'), {
            backupRetentionPeriod: 3,
          }),
        parameters: { backupRetentionMinimum: '7' },
        aws: 'NON_COMPLIANT',
      },
    ],
  },
  'rds-multi-az-support': {
    quotes: [
      'Checks whether high availability is enabled for your RDS DB instances.',
      'This rule does not evaluate Amazon Aurora DB, Amazon DocumentDB, and Amazon Neptune DB instances.',
    ],
    defaults: {},
    cases: [
      {
        name: 'a Multi-AZ instance',
        fixture: () => loadFixture(DB_INSTANCE, 'postgres-private-multi-az'),
        aws: 'COMPLIANT',
      },
      {
        name: 'a single-AZ instance',
        fixture: () => loadFixture(DB_INSTANCE, 'mysql-public-single-az'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'an Aurora instance',
        fixture: () => loadFixture(DB_INSTANCE, 'aurora-postgresql-cluster-member'),
        aws: 'NOT_APPLICABLE',
      },
      {
        name: 'a MySQL instance of a Multi-AZ DB cluster (multiAZ false on the instance)',
        fixture: () =>
          withConfiguration(loadFixture(DB_INSTANCE, 'mysql-public-single-az'), {
            dBClusterIdentifier: 'reporting-maz-cluster',
          }),
        aws: 'NON_COMPLIANT',
        vigil: 'NOT_APPLICABLE',
      },
    ],
  },
  'rds-instance-deletion-protection-enabled': {
    quotes: [
      'The rule is NON_COMPLIANT if an Amazon RDS instance does not have deletion protection enabled; for example, deletionProtection is set to false.',
      'Some RDS DB instances within a Cluster (Aurora/DocumentDB) will show as non-compliant.',
      'Some RDS DB instances within a Cluster (Aurora/DocumentDB) will show as not applicable because deletion protection is set at the cluster level.',
    ],
    defaults: { databaseEngines: null },
    cases: [
      {
        name: 'deletionProtection false',
        fixture: () => loadFixture(DB_INSTANCE, 'mysql-public-single-az'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'deletionProtection true',
        fixture: () => loadFixture(DB_INSTANCE, 'postgres-private-multi-az'),
        aws: 'COMPLIANT',
      },
      {
        name: 'an Aurora member with deletionProtection false on the instance, its cluster protected',
        fixture: () => loadFixture(DB_INSTANCE, 'aurora-postgresql-cluster-member'),
        aws: 'NON_COMPLIANT',
        vigil: 'COMPLIANT',
      },
      {
        name: 'an engine outside databaseEngines',
        fixture: () => loadFixture(DB_INSTANCE, 'mysql-public-single-az'),
        parameters: { databaseEngines: 'postgres, mariadb' },
        aws: 'NOT_APPLICABLE',
      },
    ],
  },
  'eks-cluster-supported-version': {
    quotes: [
      "This rule is NON_COMPLIANT if an EKS cluster is running an unsupported version (less than the parameter 'oldestVersionSupported').",
    ],
    defaults: { oldestVersionSupported: null },
    cases: [
      {
        name: '1.31, less than oldestVersionSupported 1.32',
        fixture: () =>
          withConfiguration(loadFixture(CLUSTER, 'private-encrypted-all-logs'), { Version: '1.31' }),
        parameters: { oldestVersionSupported: '1.32' },
        aws: 'NON_COMPLIANT',
      },
      {
        name: '1.32, equal to oldestVersionSupported (not less)',
        fixture: () =>
          withConfiguration(loadFixture(CLUSTER, 'private-encrypted-all-logs'), { Version: '1.32' }),
        parameters: { oldestVersionSupported: '1.32' },
        aws: 'COMPLIANT',
      },
    ],
  },
  'restricted-common-ports': {
    quotes: [
      'Checks if the security groups in use do not allow unrestricted incoming Transmission Control Protocol (TCP) traffic to specified ports.',
    ],
    defaults: {
      blockedPort1: 20,
      blockedPort2: 21,
      blockedPort3: 3389,
      blockedPort4: 3306,
      blockedPort5: 4333,
      blockedPorts: null,
    },
    cases: [
      {
        name: 'an attached group opening RDP to ::/0',
        fixture: () => loadFixture(GROUP, 'rdp-open-ipv6'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'an attached group opening only HTTPS',
        fixture: () => loadFixture(GROUP, 'web-https-only'),
        aws: 'COMPLIANT',
      },
      {
        name: 'a group attached to nothing (not in use) opening RDP to ::/0',
        fixture: () => loadFixture(GROUP, 'rdp-open-ipv6'),
        aws: 'NOT_APPLICABLE',
        vigil: 'NON_COMPLIANT',
      },
    ],
  },
  'vpc-sg-open-only-to-authorized-ports': {
    quotes: [
      'The rule is NON_COMPLIANT if such security groups do not have ports specified in the rule parameters.',
      'If the security group does not have one of those destinations, this rule returns NOT_APPLICABLE.',
    ],
    defaults: { authorizedTcpPorts: null, authorizedUdpPorts: null },
    cases: [
      {
        name: 'no inbound rule from 0.0.0.0/0 or ::/0',
        fixture: () => loadFixture(GROUP, 'internal-only'),
        aws: 'NOT_APPLICABLE',
      },
      {
        name: 'TCP 443 open to the internet, authorizedTcpPorts 443',
        fixture: () => loadFixture(GROUP, 'web-https-only'),
        parameters: { authorizedTcpPorts: '443' },
        aws: 'COMPLIANT',
      },
      {
        name: 'TCP 443 open to the internet, no parameter set',
        fixture: () => loadFixture(GROUP, 'web-https-only'),
        aws: 'NON_COMPLIANT',
        vigil: 'COMPLIANT',
      },
    ],
  },
  ...STORAGE_AND_TRAIL_PAGES,
  ...DATA_SERVICE_PAGES,
};

/** Whether a default changes what is judged: a value where AWS documents none, or a different value. */
function defaultDiffers(aws: ParameterValue | null, spec: ParameterSpec): boolean {
  const vigil = spec.default;
  if (aws === null) {
    // Vigil's "not checked" values stand for AWS's unset parameter.
    return !(vigil === '' || vigil === 0 || vigil === false || (Array.isArray(vigil) && vigil.length === 0));
  }
  return JSON.stringify(aws) !== JSON.stringify(vigil);
}

function ruleOf(id: string): Rule {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return rule;
}

/** The double-quoted fragments of a deviation: what it claims AWS's page says. */
function quotedFragments(text: string): string[] {
  return [...text.matchAll(/"([^"]+)"/g)].map((match) => match[1] ?? '');
}

/**
 * What is wrong with a rule's `deviation` against its AWS page: stated without a documented case or
 * default that differs (or missing with one), quoting what the page does not say, or not saying what the
 * managed rule and Vigil each do. Empty when the statement is true to the page.
 */
function deviationProblems(rule: Rule, page: AwsPage): string[] {
  const problems: string[] = [];
  const specs: Readonly<Record<string, ParameterSpec>> = rule.parameters;
  const differentCases = page.cases.filter((awsCase) => awsCase.vigil !== undefined).map((c) => c.name);
  const differentDefaults = Object.entries(page.defaults)
    .filter(([name, aws]) => {
      const spec = specs[name];
      return spec !== undefined && defaultDiffers(aws, spec);
    })
    .map(([name]) => name);
  const unjudgedTypes = (page.resourceTypes ?? []).filter((type) => !rule.resourceTypes.includes(type));
  differentCases.push(...unjudgedTypes.map((type) => `${type} not judged`));
  const deviation = rule.deviation;
  if (deviation === undefined) {
    if (differentCases.length > 0 || differentDefaults.length > 0) {
      problems.push(
        `differs from the page without saying so: ${[...differentCases, ...differentDefaults].join('; ')}`,
      );
    }
    return problems;
  }
  if (differentCases.length === 0 && differentDefaults.length === 0) {
    problems.push('states a deviation, but Vigil does what the page documents in every case and default');
  }
  for (const name of differentDefaults) {
    if (!deviation.includes(name)) problems.push(`does not name the default of ${name}`);
  }
  const fragments = quotedFragments(deviation);
  if (fragments.length === 0) problems.push('quotes nothing from the AWS page');
  for (const fragment of fragments) {
    if (!page.quotes.some((quote) => quote.includes(fragment))) {
      problems.push(`quotes "${fragment}", which the AWS page does not say`);
    }
  }
  if (!/^AWS's page /.test(deviation)) problems.push("does not start from what AWS's page says");
  if (!/;[^;]*\bVigil\b/.test(deviation)) problems.push('does not say what Vigil does');
  return problems;
}

const PAGES = Object.entries(AWS_PAGES);

describe('managed rules against the cases their AWS Config rule pages document', () => {
  it('covers every rule that states a deviation', () => {
    const stated = RULES.filter((rule) => rule.deviation !== undefined).map((rule) => rule.id);
    expect(stated.filter((id) => !(id in AWS_PAGES))).toEqual([]);
  });

  it.each(PAGES)('%s mirrors a managed rule with the parameters its page lists', (id, page) => {
    const rule = ruleOf(id);
    expect(rule.managedRule).toBe(true);
    const unsupported = page.unsupported ?? [];
    expect([...Object.keys(rule.parameters), ...unsupported].sort()).toEqual(
      Object.keys(page.defaults).sort(),
    );
    // A page parameter Vigil does not implement is refused with a clear error, never silently ignored.
    for (const name of unsupported) {
      expect(() => resolveParameters(rule, { [name]: 'x' })).toThrow(RuleParameterError);
    }
  });

  it.each(PAGES.flatMap(([id, page]) => page.cases.map((awsCase) => [id, awsCase.name, awsCase] as const)))(
    '%s: %s',
    (id, _name, awsCase) => {
      if (awsCase.vigil !== undefined) expect(awsCase.vigil).not.toBe(awsCase.aws);
      const verdict = evaluateFixture(ruleOf(id), awsCase.fixture(), { parameters: awsCase.parameters });
      expect(verdict.compliance).toBe(awsCase.vigil ?? awsCase.aws);
    },
  );

  it.each(PAGES)("%s states a deviation exactly when it has one, in the page's own words", (id, page) => {
    expect(deviationProblems(ruleOf(id), page)).toEqual([]);
  });

  it('rejects the false "never expire" deviation cw-loggroup-retention-period-check used to state', () => {
    const rule = ruleOf('cw-loggroup-retention-period-check');
    const page = AWS_PAGES['cw-loggroup-retention-period-check'];
    if (!page) throw new Error('no page');
    const old: Rule = {
      ...rule,
      deviation:
        "A log group whose events never expire (no retention set) is COMPLIANT, because it keeps events longer than any minimum; AWS's managed rule reports it NON_COMPLIANT.",
    };
    expect(deviationProblems(old, page)).toEqual([
      'states a deviation, but Vigil does what the page documents in every case and default',
      'quotes nothing from the AWS page',
      "does not start from what AWS's page says",
      'does not say what Vigil does',
    ]);
    const misquoting: Rule = {
      ...rule,
      deviation: 'AWS\'s page says "a log group that never expires is NON_COMPLIANT"; Vigil passes it.',
    };
    expect(deviationProblems(misquoting, page)).toContain(
      'quotes "a log group that never expires is NON_COMPLIANT", which the AWS page does not say',
    );
  });

  it('asks for a deviation when a rule departs from its page without one', () => {
    const rule = ruleOf('vpc-sg-open-only-to-authorized-ports');
    const page = AWS_PAGES['vpc-sg-open-only-to-authorized-ports'];
    if (!page) throw new Error('no page');
    const { deviation: _dropped, ...silent } = rule;
    expect(deviationProblems(silent, page)).toEqual([
      'differs from the page without saying so: TCP 443 open to the internet, no parameter set; authorizedTcpPorts',
    ]);
  });
});
