import {
  GetFunctionConfigurationCommand,
  type GetFunctionConfigurationCommandOutput,
  GetPolicyCommand,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeLambdaFunction, listLambdaFunctions } from '#shared/describe/lambda-function/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::Lambda::Function';
const ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:pricing-preview`;
const ref = {
  accountId: ACCOUNT,
  region: 'us-east-1',
  resourceType: TYPE,
  lookupId: 'pricing-preview',
  captureTime: '2026-11-23T09:30:00.000Z',
};

/** GetFunctionConfiguration as Lambda answers it (the function of the `public-invoke` fixture). */
const CONFIGURATION: GetFunctionConfigurationCommandOutput = {
  $metadata: {},
  FunctionName: 'pricing-preview',
  FunctionArn: ARN,
  Runtime: 'nodejs22.x',
  Role: `arn:aws:iam::${ACCOUNT}:role/pricing-preview-role`,
  Handler: 'index.handler',
  CodeSize: 482113,
  Description: '',
  Timeout: 30,
  MemorySize: 512,
  LastModified: '2026-11-19T20:43:58.511+0000',
  CodeSha256: 'p3oU9s6cT0hXcS1o3cQ0o8m7H2cQXh6bRj1mW4kq0uE=',
  Version: '$LATEST',
  Environment: { Variables: { API_TOKEN: 'not-for-evidence' } },
  TracingConfig: { Mode: 'Active' },
  RevisionId: '5a1b7c3e-2f4d-4e6a-9b8c-0d1e2f3a4b5c',
  Layers: [],
  State: 'Active',
  LastUpdateStatus: 'Successful',
  PackageType: 'Zip',
  Architectures: ['arm64'],
  EphemeralStorage: { Size: 512 },
  LoggingConfig: {
    LogFormat: 'JSON',
    ApplicationLogLevel: 'INFO',
    SystemLogLevel: 'WARN',
    LogGroup: '/aws/lambda/pricing-preview',
  },
};

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function record(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailRecord {
  return {
    eventID: 'c1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'lambda.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  };
}

describe('describeLambdaFunction', () => {
  const lambda = mockClient(LambdaClient);
  const client = () => new LambdaClient({ region: 'us-east-1' });

  beforeEach(() => {
    lambda.reset();
    lambda.on(GetFunctionConfigurationCommand).resolves(CONFIGURATION);
    lambda.on(ListTagsCommand).resolves({ Tags: { team: 'payments' } });
  });

  it('builds the item Config records: name as id, camelCase configuration, the policy as a JSON string', async () => {
    const fixture = loadFixture(TYPE, 'public-invoke');
    const policy = fixture.item.supplementaryConfiguration.Policy;
    lambda.on(GetPolicyCommand).resolves({ Policy: policy as string, RevisionId: 'r' });
    const item = await describeLambdaFunction(client(), ref);
    expect(item).toMatchObject({
      resourceType: TYPE,
      resourceId: 'pricing-preview',
      resourceName: 'pricing-preview',
      arn: ARN,
      status: 'OK',
      configuration: fixture.item.configuration ?? {},
      supplementaryConfiguration: { Policy: policy },
      tags: { team: 'payments' },
    });
    // Config does not record environment variables, whose values may be secrets.
    expect(item.configuration).not.toHaveProperty('environment');
    expect(JSON.stringify(item)).not.toContain('not-for-evidence');
  });

  it.each([
    ['public-invoke'],
    ['s3-trigger-scoped-to-account'],
    ['s3-trigger-without-source-condition'],
    ['no-policy'],
  ])('reaches the verdict of every Lambda rule that the Config item %s reaches', async (name) => {
    const fixture = loadFixture(TYPE, name);
    const policy = fixture.item.supplementaryConfiguration.Policy;
    if (typeof policy === 'string') lambda.on(GetPolicyCommand).resolves({ Policy: policy });
    else lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException'));
    lambda.on(GetFunctionConfigurationCommand).resolves({
      ...CONFIGURATION,
      FunctionName: fixture.item.resourceId,
      FunctionArn: fixture.item.arn,
    });
    const item = await describeLambdaFunction(client(), { ...ref, lookupId: fixture.item.resourceId });
    const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
      expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
    }
  });

  it('leaves Policy out for a function without a resource policy', async () => {
    lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException'));
    const item = await describeLambdaFunction(client(), ref);
    expect(item.supplementaryConfiguration).toEqual({});
  });

  it('fails when the policy may not be read, rather than passing the function for lack of a policy', async () => {
    lambda.on(GetPolicyCommand).rejects(awsError('AccessDeniedException'));
    await expect(describeLambdaFunction(client(), ref)).rejects.toThrow('AccessDeniedException');
  });

  it('leaves the tags out when they may not be read (no rule judges them)', async () => {
    lambda.on(GetPolicyCommand).rejects(awsError('ResourceNotFoundException'));
    lambda.on(ListTagsCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeLambdaFunction(client(), ref);
    expect(item.status).toBe('OK');
    expect(item.tags).toEqual({});
  });

  it('a function that is gone is deleted, its id the name even when looked up by qualified ARN', async () => {
    lambda.on(GetFunctionConfigurationCommand).rejects(awsError('ResourceNotFoundException'));
    const item = await describeLambdaFunction(client(), { ...ref, lookupId: `${ARN}:prod` });
    expect(item).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: 'pricing-preview',
      configuration: null,
    });
    expect(lambda.commandCalls(GetFunctionConfigurationCommand)[0]?.args[0].input).toEqual({
      FunctionName: 'pricing-preview',
    });
  });

  it('lists every function across pages', async () => {
    lambda
      .on(ListFunctionsCommand)
      .resolvesOnce({ Functions: [{ FunctionName: 'a' }], NextMarker: 'm1' })
      .resolvesOnce({ Functions: [{ FunctionName: 'b' }, {}] });
    const refs = await listLambdaFunctions(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: ref.captureTime,
    });
    expect(refs.map((entry) => [entry.resourceType, entry.lookupId])).toEqual([
      [TYPE, 'a'],
      [TYPE, 'b'],
    ]);
  });
});

describe('CloudTrail mapping of Lambda calls', () => {
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);

  it.each([
    [
      'CreateFunction20150331',
      { functionName: 'pricing-preview', runtime: 'nodejs22.x', role: 'r' },
      { functionName: 'pricing-preview', functionArn: ARN },
    ],
    ['UpdateFunctionConfiguration20150331v2', { functionName: ARN, timeout: 30 }, null],
    ['UpdateFunctionCode20150331v2', { functionName: 'pricing-preview', publish: false }, null],
    [
      'AddPermission20150331v2',
      {
        functionName: ARN,
        statementId: 'AllowEveryone',
        action: 'lambda:InvokeFunction',
        principal: '*',
      },
      { statement: '{}' },
    ],
    ['AddPermission20150331v2', { functionName: `${ARN}:prod`, statementId: 's', principal: '*' }, null],
    [
      'RemovePermission20150331v2',
      { functionName: `${ACCOUNT}:function:pricing-preview`, statementId: 's' },
      null,
    ],
    ['DeleteFunction20150331', { functionName: 'pricing-preview' }, null],
    ['TagResource20170331v2', { resource: ARN, tags: { team: 'payments' } }, null],
    ['UntagResource20170331v2', { resource: ARN, tagKeys: ['team'] }, null],
  ])('%s re-describes the function by name', (eventName, request, response) => {
    expect(touched(record(eventName, request, response))).toEqual([[TYPE, 'pricing-preview']]);
  });

  it('a tag call on a layer or an event source mapping touches no function', () => {
    const layer = `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:shared-deps`;
    expect(touched(record('TagResource20170331v2', { resource: layer, tags: {} }))).toEqual([]);
  });
});
