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
import { CONFIG_AGGREGATOR_READ_ACTIONS } from '#shared/config-recorder/config-aggregator';
import { REMEDIATIONS } from '#shared/remediations/registry';
import { logicalIdOf, testApp } from '#test/infra/support';
import { sdkCommandsUnder } from '#test/support/sdk-commands';

describe('grants', () => {
  it('grants the read action of every SDK command the describers and the Config recorder send', () => {
    const granted = new Set(DESCRIBE_PERMISSIONS.flatMap((permission) => permission.actions));
    const uses = [
      ...sdkCommandsUnder(`${PROJECT_ROOT}shared/describe`),
      ...sdkCommandsUnder(`${PROJECT_ROOT}shared/config-recorder`),
    ]
      // The aggregator's reads are granted on the aggregator's ARN, apart from the describe permissions
      // (configAggregatorPermissions; test/unit/config-recorder checks they cover what it sends).
      .filter((use) => !(CONFIG_AGGREGATOR_READ_ACTIONS as readonly string[]).includes(use.action))
      .filter((use) => use.action !== 'config:PutEvaluations');
    expect(uses.length).toBeGreaterThan(20);
    for (const use of uses) {
      expect(granted.has(use.action), `${use.file}: ${use.action} is not in DESCRIBE_PERMISSIONS`).toBe(true);
    }
  });

  it('grants only read actions through DESCRIBE_PERMISSIONS', () => {
    // iam:GenerateCredentialReport only (re)builds the credential report GetCredentialReport reads; it
    // changes no resource (read-only audit policies grant it).
    for (const action of DESCRIBE_PERMISSIONS.flatMap((permission) => permission.actions)) {
      if (action === 'iam:GenerateCredentialReport') continue;
      // API Gateway authorizes its management API by HTTP verb: `apigateway:GET` is its read action.
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|BatchGet|GET$)/);
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
