import { readdirSync, readFileSync } from 'node:fs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import {
  DESCRIBE_PERMISSIONS,
  grantEvidenceVersionsRead,
  REMEDIATION_ACTION_SCOPES,
  WILDCARD_RESOURCE_ACTIONS,
} from '#infra/grants';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { REMEDIATIONS } from '#shared/remediations/registry';
import { logicalIdOf, testApp } from '#test/infra/support';

/**
 * The IAM action of every SDK command the read paths send (`new XCommand` or `paginateX`), keyed by the
 * command's name. A command missing here fails the test, so a new describer call cannot ship without its
 * permission being decided. S3's names differ from its actions.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
 */
const READ_COMMAND_ACTIONS: Readonly<Record<string, string>> = {
  DescribeHub: 'securityhub:DescribeHub',
  GetAdministratorAccount: 'securityhub:GetAdministratorAccount',
  GetDetector: 'guardduty:GetDetector',
  ListDetectors: 'guardduty:ListDetectors',
  GetAccountPasswordPolicy: 'iam:GetAccountPasswordPolicy',
  GetAccountSummary: 'iam:GetAccountSummary',
  GetEbsEncryptionByDefault: 'ec2:GetEbsEncryptionByDefault',
  DescribeInstances: 'ec2:DescribeInstances',
  DescribeSecurityGroups: 'ec2:DescribeSecurityGroups',
  DescribeKey: 'kms:DescribeKey',
  GetKeyRotationStatus: 'kms:GetKeyRotationStatus',
  ListResourceTags: 'kms:ListResourceTags',
  ListKeys: 'kms:ListKeys',
  DescribeLogGroups: 'logs:DescribeLogGroups',
  DescribeDBInstances: 'rds:DescribeDBInstances',
  GetBucketAcl: 's3:GetBucketAcl',
  GetBucketEncryption: 's3:GetEncryptionConfiguration',
  GetBucketLogging: 's3:GetBucketLogging',
  GetBucketPolicy: 's3:GetBucketPolicy',
  GetBucketReplication: 's3:GetReplicationConfiguration',
  GetBucketTagging: 's3:GetBucketTagging',
  GetBucketVersioning: 's3:GetBucketVersioning',
  GetObjectLockConfiguration: 's3:GetBucketObjectLockConfiguration',
  GetPublicAccessBlock: 's3:GetBucketPublicAccessBlock',
  ListBuckets: 's3:ListAllMyBuckets',
  DescribeTrails: 'cloudtrail:DescribeTrails',
  GetEventSelectors: 'cloudtrail:GetEventSelectors',
  GetTrailStatus: 'cloudtrail:GetTrailStatus',
  BatchGetResourceConfig: 'config:BatchGetResourceConfig',
  GetResourceConfigHistory: 'config:GetResourceConfigHistory',
  ListDiscoveredResources: 'config:ListDiscoveredResources',
};

/** Written by the config-rule function only; granted by grantConfigEvaluations. */
const WRITE_COMMANDS = new Set(['PutEvaluations']);

function commandsIn(folder: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(`${PROJECT_ROOT}${folder}`).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(`${PROJECT_ROOT}${folder}/${file}`, 'utf8');
    for (const match of text.matchAll(/new ([A-Z][A-Za-z]+)Command\b|\bpaginate([A-Z][A-Za-z]+)\(/g)) {
      names.add(match[1] ?? match[2] ?? '');
    }
  }
  return names;
}

describe('grants', () => {
  it('grants the read action of every SDK command the describers and the Config recorder send', () => {
    const granted = new Set(DESCRIBE_PERMISSIONS.flatMap((permission) => permission.actions));
    const commands = [...commandsIn('shared/describe'), ...commandsIn('shared/config-recorder')];
    expect(commands.length).toBeGreaterThan(20);
    for (const command of commands) {
      if (WRITE_COMMANDS.has(command)) continue;
      const action = READ_COMMAND_ACTIONS[command];
      expect(action, `map ${command} to its IAM action`).toBeDefined();
      expect(granted.has(action ?? ''), `${action} is not in DESCRIBE_PERMISSIONS`).toBe(true);
    }
  });

  it('grants only read actions through DESCRIBE_PERMISSIONS', () => {
    for (const action of DESCRIBE_PERMISSIONS.flatMap((permission) => permission.actions)) {
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|BatchGet)/);
    }
  });

  it('has a reviewed resource scope for every write permission a remediation declares', () => {
    for (const remediation of REMEDIATIONS) {
      for (const action of remediation.permissions) {
        if (action === 'iam:PassRole') continue;
        expect(REMEDIATION_ACTION_SCOPES[action], `${remediation.ruleId}: ${action}`).toBeDefined();
      }
    }
  });

  it('documents why each Resource "*" action cannot be narrower', () => {
    const wildcardScopes = Object.entries(REMEDIATION_ACTION_SCOPES)
      .filter(([, scope]) => scope.resources.includes('*'))
      .map(([action]) => action);
    const wildcardDescribes = DESCRIBE_PERMISSIONS.filter((permission) =>
      permission.resources.includes('*'),
    ).flatMap((permission) => permission.actions);
    for (const action of [...wildcardScopes, ...wildcardDescribes]) {
      expect(WILDCARD_RESOURCE_ACTIONS[action]?.length ?? 0, action).toBeGreaterThan(20);
    }
  });

  it('grants object versions only under the given prefixes, listing them only with a prefix inside one', () => {
    const stack = new Stack(testApp(), 'Grants');
    const bucket = new s3.Bucket(stack, 'Bucket');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    grantEvidenceVersionsRead(role, bucket, ['findings/', 'remediations/']);
    const bucketArn = { 'Fn::GetAtt': [logicalIdOf(stack, bucket), 'Arn'] };
    const objects = (prefix: string) => ({ 'Fn::Join': ['', [bucketArn, `/${prefix}*`]] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:ListBucketVersions',
            Resource: bucketArn,
            Condition: { StringLike: { 's3:prefix': ['findings/*', 'remediations/*'] } },
          },
          {
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Resource: [objects('findings/'), objects('remediations/')],
          },
        ],
      },
    });
  });
});
