import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { AddPermissionCommand, CreateFunctionCommand } from '@aws-sdk/client-lambda';
import type { PairSeeder, SeededPair } from './pair';

const LAMBDA_TRUST_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

/**
 * A Lambda function anyone may invoke (`Principal: "*"`) beside one only S3 events of one bucket of this
 * account may invoke: the first fails `lambda-function-public-access-prohibited`, the second passes it.
 */
export const LAMBDA_FUNCTION_SEEDER: PairSeeder = {
  resourceType: 'AWS::Lambda::Function',
  async seed(clients, { accountId, region, suffix }): Promise<SeededPair> {
    const [iam, lambda] = await Promise.all([clients.client('iam'), clients.client('lambda')]);
    const role = await iam.send(
      new CreateRoleCommand({
        RoleName: `vigil-seed-fn-${suffix}`,
        AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY,
      }),
    );
    const roleArn = role.Role?.Arn ?? `arn:aws:iam::${accountId}:role/vigil-seed-fn-${suffix}`;
    const publicName = `vigil-public-fn-${suffix}`;
    const scopedName = `vigil-scoped-fn-${suffix}`;
    const sourceBucket = `vigil-uploads-${suffix}`;
    const events: SeededPair['events'][number][] = [];
    for (const name of [publicName, scopedName]) {
      const created = await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          Runtime: 'nodejs22.x',
          Role: roleArn,
          Handler: 'index.handler',
          // moto stores the package without opening it; the functions are never invoked.
          Code: { ZipFile: new TextEncoder().encode('exports.handler = async () => ({});') },
        }),
      );
      events.push({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'CreateFunction20150331',
        requestParameters: {
          functionName: name,
          runtime: 'nodejs22.x',
          role: roleArn,
          handler: 'index.handler',
        },
        responseElements: { functionName: name, functionArn: created.FunctionArn ?? null },
      });
    }
    const grants = [
      {
        FunctionName: publicName,
        StatementId: 'AllowEveryone',
        Action: 'lambda:InvokeFunction',
        Principal: '*',
      },
      {
        FunctionName: scopedName,
        StatementId: 'AllowUploadsBucket',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceAccount: accountId,
        SourceArn: `arn:aws:s3:::${sourceBucket}`,
      },
    ];
    for (const grant of grants) {
      const added = await lambda.send(new AddPermissionCommand(grant));
      events.push({
        eventSource: 'lambda.amazonaws.com',
        eventName: 'AddPermission20150331v2',
        requestParameters: {
          functionName: `arn:aws:lambda:${region}:${accountId}:function:${grant.FunctionName}`,
          statementId: grant.StatementId,
          action: grant.Action,
          principal: grant.Principal,
          ...(grant.SourceAccount === undefined ? {} : { sourceAccount: grant.SourceAccount }),
          ...(grant.SourceArn === undefined ? {} : { sourceArn: grant.SourceArn }),
        },
        responseElements: { statement: added.Statement ?? null },
      });
    }
    return {
      misconfigured: { resourceType: 'AWS::Lambda::Function', resourceId: publicName },
      compliant: { resourceType: 'AWS::Lambda::Function', resourceId: scopedName },
      failingRules: ['lambda-function-public-access-prohibited'],
      events,
      motoGaps: [
        'lambda:CreateFunction stores the deployment package without unpacking it, so a source text stands in ' +
          'for a zip archive (the functions are never invoked: moto invokes only through Docker).',
      ],
    };
  },
};
