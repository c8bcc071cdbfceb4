import {
  CreateDeploymentCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  GenerateClientCertificateCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { API_GATEWAY_STAGE_TYPE, stageArn } from '#shared/describe/api-gateway-stage/stage-arn';
import type { PairSeeder } from './pair';
import { associateWebAcl, createWebAcl } from './web-acls';

/**
 * What moto lacks for this pair: a stage cannot hold a client certificate there, so the compliant twin
 * still fails `api-gw-ssl-enabled` on moto. Starts with the rule id, for a test to tell this gap apart.
 */
export const API_GATEWAY_CLIENT_CERTIFICATE_GAP =
  'api-gw-ssl-enabled: moto 5.2 implements no API Gateway client certificates (GenerateClientCertificate answers ' +
  '404) and its stages have no clientCertificateId (CreateStage drops it, UpdateStage ignores ' +
  '/clientCertificateId), so the compliant twin cannot pass on moto; the unit tests describe a stage with one ' +
  'from the real GetStage shape.';

/** The fixed id the seeder attaches when moto cannot generate a client certificate. */
const STAND_IN_CERTIFICATE_ID = 'vigilcert1';

/**
 * Two stages of one REST API (a GET method with an HTTP integration): one without a client certificate
 * (fails `api-gw-ssl-enabled`) and one given a certificate from GenerateClientCertificate with UpdateStage
 * `replace /clientCertificateId`, as an operator would, and associated with a regional WAFv2 web ACL (fails
 * and passes `api-gw-associated-with-waf`). See {@link API_GATEWAY_CLIENT_CERTIFICATE_GAP}.
 */
export const API_GATEWAY_STAGE_SEEDER: PairSeeder = {
  resourceType: API_GATEWAY_STAGE_TYPE,
  async seed(clients, { region, suffix }) {
    const apigateway = await clients.client('apigateway');
    const api = await apigateway.send(new CreateRestApiCommand({ name: `vigil-api-${suffix}` }));
    const restApiId = api.id;
    if (restApiId === undefined) throw new Error('API Gateway created no REST API');
    const resources = await apigateway.send(new GetResourcesCommand({ restApiId }));
    const root = resources.items?.find((resource) => resource.path === '/')?.id;
    if (root === undefined) throw new Error(`REST API ${restApiId} has no root resource`);
    await apigateway.send(
      new PutMethodCommand({ restApiId, resourceId: root, httpMethod: 'GET', authorizationType: 'NONE' }),
    );
    await apigateway.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: root,
        httpMethod: 'GET',
        type: 'HTTP',
        integrationHttpMethod: 'GET',
        uri: 'https://backend.example.com/',
      }),
    );
    const deployment = await apigateway.send(new CreateDeploymentCommand({ restApiId }));
    const deploymentId = deployment.id;
    if (deploymentId === undefined) throw new Error(`REST API ${restApiId} got no deployment`);
    const gaps: string[] = [];
    let certificateId = STAND_IN_CERTIFICATE_ID;
    try {
      const generated = await apigateway.send(new GenerateClientCertificateCommand({ description: suffix }));
      certificateId = generated.clientCertificateId ?? certificateId;
    } catch {
      gaps.push(API_GATEWAY_CLIENT_CERTIFICATE_GAP);
    }
    const events = [];
    for (const stageName of ['plain', 'mutual']) {
      const stage = await apigateway.send(new CreateStageCommand({ restApiId, stageName, deploymentId }));
      events.push({
        eventSource: 'apigateway.amazonaws.com',
        eventName: 'CreateStage',
        requestParameters: { restApiId, createStageInput: { stageName, deploymentId }, template: false },
        responseElements: { stageName: stage.stageName ?? stageName, deploymentId },
      });
    }
    const patchOperations = [{ op: 'replace' as const, path: '/clientCertificateId', value: certificateId }];
    const updated = await apigateway.send(
      new UpdateStageCommand({ restApiId, stageName: 'mutual', patchOperations }),
    );
    if (updated.clientCertificateId === undefined && !gaps.includes(API_GATEWAY_CLIENT_CERTIFICATE_GAP)) {
      gaps.push(API_GATEWAY_CLIENT_CERTIFICATE_GAP);
    }
    events.push({
      eventSource: 'apigateway.amazonaws.com',
      eventName: 'UpdateStage',
      requestParameters: {
        restApiId,
        stageName: 'mutual',
        updateStageInput: { patchOperations },
        template: false,
      },
      responseElements: { stageName: 'mutual', deploymentId, clientCertificateId: certificateId },
    });
    // The twin is also behind a regional web ACL (WAFv2 AssociateWebACL sets the stage's webAclArn).
    const wafv2 = await clients.client('wafv2');
    const webAcl = await createWebAcl(wafv2, `vigil-api-acl-${suffix}`);
    events.push(webAcl.event);
    events.push(await associateWebAcl(wafv2, webAcl.arn, stageArn(region, restApiId, 'mutual')));
    return {
      misconfigured: {
        resourceType: API_GATEWAY_STAGE_TYPE,
        resourceId: stageArn(region, restApiId, 'plain'),
      },
      compliant: { resourceType: API_GATEWAY_STAGE_TYPE, resourceId: stageArn(region, restApiId, 'mutual') },
      failingRules: ['api-gw-ssl-enabled', 'api-gw-associated-with-waf'],
      events,
      ...(gaps.length === 0 ? {} : { motoGaps: gaps }),
    };
  },
};
