import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ACM_CERTIFICATE_TYPE } from '#shared/describe/acm-certificate/type';
import { ACM_CERTIFICATE_SEEDER } from '#test/support/estate/acm-certificate';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, REGION } from '../pipeline/harness';
import { eventVerdicts, motoClients, sweepVerdicts } from './seeded-pair-verdicts';

describe(`${ACM_CERTIFICATE_TYPE} on moto: an imported certificate expiring in 5 days beside one valid for 400`, () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let pair: SeededPair;

  beforeAll(async () => {
    pair = await ACM_CERTIFICATE_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('acm'),
    });
  });

  afterAll(() => clients.destroy());

  it('the describe sweep lists both and fails only the expiring one', async () => {
    const { misconfigured, compliant, items } = await sweepVerdicts(clients, pair);
    expect(misconfigured['acm-certificate-expiration-check']).toBe('NON_COMPLIANT');
    expect(compliant['acm-certificate-expiration-check']).toBe('COMPLIANT');
    expect(items.find((item) => item.resourceId === pair.misconfigured.resourceId)).toMatchObject({
      resourceName: expect.stringMatching(/^expiring-.*\.example\.com$/),
      configuration: { type: 'IMPORTED', status: 'ISSUED', notAfter: expect.any(String) },
    });
  });

  it('the same verdicts come out of the evaluator fed the ImportCertificate events', async () => {
    const { misconfigured, compliant } = await eventVerdicts(endpoint, 'vigil-acm-ct', pair);
    expect(misconfigured['acm-certificate-expiration-check']).toBe('NON_COMPLIANT');
    expect(compliant['acm-certificate-expiration-check']).toBe('COMPLIANT');
  });
});
