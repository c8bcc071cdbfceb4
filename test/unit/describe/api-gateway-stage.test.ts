import {
  APIGatewayClient,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
} from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { describeApiGatewayStage, listApiGatewayStages } from '#shared/describe/api-gateway-stage/describe';
import { API_GATEWAY_STAGE_TYPE } from '#shared/describe/api-gateway-stage/stage-arn';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import { apiGwSslEnabled } from '#shared/rules/apigateway/api-gw-ssl-enabled';
import { createInventory } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const CAPTURE = '2026-11-23T09:30:00.000Z';
const PROD = 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod';

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

function ref(lookupId: string): ResourceRef {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: API_GATEWAY_STAGE_TYPE,
    lookupId,
    captureTime: CAPTURE,
  };
}

/** GetStage as the SDK returns the fixture's `prod` stage (the REST API already speaks camelCase). */
const PROD_STAGE = {
  deploymentId: 'k2j9x1',
  stageName: 'prod',
  description: 'prod stage',
  cacheClusterEnabled: false,
  cacheClusterStatus: 'NOT_AVAILABLE' as const,
  methodSettings: {
    '*/*': {
      metricsEnabled: true,
      loggingLevel: 'INFO',
      dataTraceEnabled: false,
      throttlingBurstLimit: 5000,
      throttlingRateLimit: 10000,
      cachingEnabled: false,
      cacheTtlInSeconds: 300,
      cacheDataEncrypted: false,
      requireAuthorizationForCacheControl: true,
      unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER' as const,
    },
  },
  tracingEnabled: true,
  accessLogSettings: {
    destinationArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/apigateway/a1b2c3d4e5/prod`,
    format:
      '$context.requestId $context.identity.sourceIp $context.httpMethod $context.resourcePath $context.status',
  },
  createdDate: new Date('2025-08-11T10:14:22.000Z'),
  lastUpdatedDate: new Date('2026-11-19T17:24:58.000Z'),
  webAclArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/api-protect/5f0c1e2d-3b4a-4c5d-8e9f-0a1b2c3d4e5f`,
  clientCertificateId: 'q7w8e9',
  tags: { team: 'payments' },
};

describe('describeApiGatewayStage: the item AWS Config records', () => {
  const apigateway = mockClient(APIGatewayClient);
  const client = () => new APIGatewayClient({});

  beforeEach(() => apigateway.reset());

  it('a stage with a client certificate matches the fixture, tags lifted to the item, and passes the rule', async () => {
    const fixture = loadFixture(API_GATEWAY_STAGE_TYPE, 'with-client-certificate');
    apigateway.on(GetStageCommand, { restApiId: 'a1b2c3d4e5', stageName: 'prod' }).resolves(PROD_STAGE);
    const item = await describeApiGatewayStage(client(), ref(PROD));
    expect(item.configuration).toEqual(fixture.item.configuration);
    expect(item).toMatchObject({
      status: 'OK',
      resourceId: fixture.item.resourceId,
      resourceName: 'prod',
      arn: fixture.item.arn,
      tags: { team: 'payments' },
      supplementaryConfiguration: {},
    });
    expect(evaluateFixture(apiGwSslEnabled, { ...fixture, item }).compliance).toBe('COMPLIANT');
  });

  it('a stage without one fails the rule', async () => {
    const { clientCertificateId: _none, ...withoutCertificate } = PROD_STAGE;
    apigateway.on(GetStageCommand).resolves(withoutCertificate);
    const item = await describeApiGatewayStage(client(), ref(PROD));
    expect(item.configuration).not.toHaveProperty('clientCertificateId');
    expect(
      evaluateFixture(apiGwSslEnabled, { name: 'described', item, inventory: createInventory([item]) })
        .compliance,
    ).toBe('NON_COMPLIANT');
  });

  it('a stage (or REST API) API Gateway no longer knows is a deleted item keyed by the stage ARN', async () => {
    apigateway.on(GetStageCommand).rejects(awsError('NotFoundException'));
    expect(await describeApiGatewayStage(client(), ref(PROD))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: PROD,
      configuration: null,
    });
  });

  it('refuses a lookup id that is not a REST API stage ARN', async () => {
    await expect(describeApiGatewayStage(client(), ref('a1b2c3d4e5/prod'))).rejects.toThrow(/stage ARN/);
  });

  it('lists every stage of every REST API, page after page', async () => {
    apigateway
      .on(GetRestApisCommand, { position: undefined })
      .resolves({ items: [{ id: 'a1b2c3d4e5' }], position: 'p1' });
    apigateway
      .on(GetRestApisCommand, { position: 'p1' })
      .resolves({ items: [{ id: 'f6g7h8i9j0' }, { id: 'gone' }] });
    apigateway.on(GetStagesCommand, { restApiId: 'a1b2c3d4e5' }).resolves({
      item: [{ stageName: 'prod' }, { stageName: 'dev' }],
    });
    apigateway
      .on(GetStagesCommand, { restApiId: 'f6g7h8i9j0' })
      .resolves({ item: [{ stageName: 'staging' }] });
    apigateway.on(GetStagesCommand, { restApiId: 'gone' }).rejects(awsError('NotFoundException'));
    const refs = await listApiGatewayStages(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: CAPTURE,
    });
    expect(refs.map((found) => found.lookupId)).toEqual([
      PROD,
      'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/dev',
      'arn:aws:apigateway:us-east-1::/restapis/f6g7h8i9j0/stages/staging',
    ]);
  });
});

describe('CloudTrail calls that change an API Gateway stage', () => {
  function record(
    eventSource: string,
    eventName: string,
    requestParameters: Record<string, unknown>,
    responseElements: Record<string, unknown> | null = null,
  ): CloudTrailRecord {
    return {
      eventID: 'b1f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
      eventTime: '2026-11-23T09:30:00Z',
      eventSource,
      eventName,
      awsRegion: 'us-east-1',
      recipientAccountId: ACCOUNT,
      requestParameters,
      responseElements,
    };
  }

  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);

  it.each([
    [
      'CreateStage (body under createStageInput)',
      record(
        'apigateway.amazonaws.com',
        'CreateStage',
        {
          restApiId: 'a1b2c3d4e5',
          createStageInput: { stageName: 'prod', deploymentId: 'k2j9x1' },
          template: false,
        },
        { stageName: 'prod', deploymentId: 'k2j9x1' },
      ),
    ],
    [
      'UpdateStage (path parameters by name)',
      record('apigateway.amazonaws.com', 'UpdateStage', {
        restApiId: 'a1b2c3d4e5',
        stageName: 'prod',
        updateStageInput: {
          patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: 'q7w8e9' }],
        },
      }),
    ],
    [
      'DeleteStage',
      record('apigateway.amazonaws.com', 'DeleteStage', { restApiId: 'a1b2c3d4e5', stageName: 'prod' }),
    ],
    [
      'CreateDeployment to a stage',
      record(
        'apigateway.amazonaws.com',
        'CreateDeployment',
        { restApiId: 'a1b2c3d4e5', createDeploymentInput: { stageName: 'prod' } },
        { id: 'k2j9x1' },
      ),
    ],
    [
      'TagResource on the stage',
      record('apigateway.amazonaws.com', 'TagResource', { resourceArn: PROD, tags: {} }),
    ],
    [
      'WAFv2 AssociateWebACL with the stage',
      record('wafv2.amazonaws.com', 'AssociateWebACL', {
        webACLArn: `arn:aws:wafv2:us-east-1:${ACCOUNT}:regional/webacl/api-protect/5f0c1e2d`,
        resourceArn: PROD,
      }),
    ],
    [
      'WAF Classic Regional DisassociateWebACL',
      record('waf-regional.amazonaws.com', 'DisassociateWebACL', { resourceArn: PROD }),
    ],
  ])('%s re-describes the stage', (_label, entry) => {
    expect(touched(entry)).toEqual([[API_GATEWAY_STAGE_TYPE, PROD]]);
  });

  it('builds the stage ARN in the partition of the event region', () => {
    const china = {
      ...record('apigateway.amazonaws.com', 'DeleteStage', { restApiId: 'a1b2c3d4e5', stageName: 'prod' }),
      awsRegion: 'cn-north-1',
    };
    expect(touched(china)).toEqual([
      [API_GATEWAY_STAGE_TYPE, 'arn:aws-cn:apigateway:cn-north-1::/restapis/a1b2c3d4e5/stages/prod'],
    ]);
  });

  it('a deployment without a stage, and tags or web ACLs of other resources, touch no stage', () => {
    expect(
      touched(
        record('apigateway.amazonaws.com', 'CreateDeployment', {
          restApiId: 'a1b2c3d4e5',
          createDeploymentInput: {},
        }),
      ),
    ).toEqual([]);
    expect(
      touched(
        record('apigateway.amazonaws.com', 'TagResource', {
          resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5',
        }),
      ),
    ).toEqual([]);
    const alb = `arn:aws:elasticloadbalancing:us-east-1:${ACCOUNT}:loadbalancer/app/payments-web/50dc6c495c0c9188`;
    // A web ACL on a load balancer re-describes that load balancer, never a stage.
    expect(touched(record('wafv2.amazonaws.com', 'AssociateWebACL', { resourceArn: alb }))).toEqual([
      ['AWS::ElasticLoadBalancingV2::LoadBalancer', alb],
    ]);
  });
});
