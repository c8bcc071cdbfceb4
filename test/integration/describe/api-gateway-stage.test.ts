import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_GATEWAY_STAGE_TYPE } from '#shared/describe/api-gateway-stage/stage-arn';
import {
  API_GATEWAY_CLIENT_CERTIFICATE_GAP,
  API_GATEWAY_STAGE_SEEDER,
} from '#test/support/estate/api-gateway-stage';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, REGION } from '../pipeline/harness';
import { eventVerdicts, motoClients, type PairVerdicts, sweepVerdicts } from './seeded-pair-verdicts';

const RULE = 'api-gw-ssl-enabled';
const WAF_RULE = 'api-gw-associated-with-waf';

describe(`${API_GATEWAY_STAGE_TYPE} on moto: a stage without a client certificate beside one given one`, () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let pair: SeededPair;

  beforeAll(async () => {
    pair = await API_GATEWAY_STAGE_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('apigw'),
    });
  });

  afterAll(() => clients.destroy());

  /**
   * The stage without a certificate fails. The twin passes where the API keeps its certificate; moto 5.2
   * drops it (the seeder says so in `motoGaps`), and then the twin must fail for exactly that reason, which
   * the unit tests cover with the real GetStage shape.
   */
  function expectVerdicts(verdicts: PairVerdicts, twinHasCertificate: boolean): void {
    expect(verdicts.misconfigured[RULE]).toBe('NON_COMPLIANT');
    // The twin's web ACL (WAFv2 AssociateWebACL) is something moto does record on the stage.
    expect(verdicts.misconfigured[WAF_RULE]).toBe('NON_COMPLIANT');
    expect(verdicts.compliant[WAF_RULE]).toBe('COMPLIANT');
    if (twinHasCertificate) expect(verdicts.compliant[RULE]).toBe('COMPLIANT');
    else {
      expect(pair.motoGaps).toContain(API_GATEWAY_CLIENT_CERTIFICATE_GAP);
      expect(verdicts.compliant[RULE]).toBe('NON_COMPLIANT');
    }
  }

  it('the describe sweep lists both stages as Config records them, and fails the one without a certificate', async () => {
    const verdicts = await sweepVerdicts(clients, pair);
    const twin = verdicts.items.find((item) => item.resourceId === pair.compliant.resourceId);
    expect(twin).toMatchObject({
      resourceName: 'mutual',
      arn: pair.compliant.resourceId,
      configuration: {
        stageName: 'mutual',
        deploymentId: expect.any(String),
        webAclArn: expect.stringMatching(/^arn:aws:wafv2:us-east-1:\d+:regional\/webacl\/vigil-api-acl-/),
      },
    });
    expectVerdicts(verdicts, typeof twin?.configuration?.clientCertificateId === 'string');
  });

  it('the CreateStage and UpdateStage events reach the same verdicts through the evaluator', async () => {
    const twin = (await sweepVerdicts(clients, pair)).items.find(
      (item) => item.resourceId === pair.compliant.resourceId,
    );
    expectVerdicts(
      await eventVerdicts(endpoint, 'vigil-apigw-ct', pair),
      typeof twin?.configuration?.clientCertificateId === 'string',
    );
  });
});
