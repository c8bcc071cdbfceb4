import { DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import { CLASSIC_LOAD_BALANCER_TYPE } from '#shared/resources/elb';
import { CLASSIC_LOAD_BALANCER_SEEDER } from '#test/support/estate/classic-load-balancer';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, REGION } from '../pipeline/harness';
import { eventVerdicts, motoClients, sweepVerdicts } from './seeded-pair-verdicts';

describe(`${CLASSIC_LOAD_BALANCER_TYPE} on moto: a plaintext load balancer without logs beside a TLS one with logs`, () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let pair: SeededPair;

  beforeAll(async () => {
    pair = await CLASSIC_LOAD_BALANCER_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('clb'),
    });
  });

  afterAll(() => clients.destroy());

  it('the describe sweep lists both, records listeners, attributes and policies, and fails only the plaintext one', async () => {
    const { misconfigured, compliant, items } = await sweepVerdicts(clients, pair);
    for (const rule of pair.failingRules) {
      expect(misconfigured[rule], rule).toBe('NON_COMPLIANT');
      expect(compliant[rule], rule).toBe('COMPLIANT');
    }
    const tls = items.find((item) => item.resourceId === pair.compliant.resourceId);
    expect(tls).toMatchObject({
      resourceName: pair.compliant.resourceId,
      arn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/${pair.compliant.resourceId}`,
      configuration: {
        loadBalancerName: pair.compliant.resourceId,
        listenerDescriptions: [
          {
            listener: {
              protocol: 'HTTPS',
              loadBalancerPort: 443,
              sslcertificateId: expect.stringContaining(':certificate/'),
            },
            policyNames: ['ELBSecurityPolicy-TLS-1-2-2017-01'],
          },
        ],
      },
      supplementaryConfiguration: {
        LoadBalancerAttributes: { accessLog: { enabled: true } },
        LoadBalancerPolicies: [
          { policyName: 'ELBSecurityPolicy-TLS-1-2-2017-01', policyTypeName: 'SSLNegotiationPolicyType' },
        ],
      },
    });
  });

  it('the same verdicts come out of the evaluator fed the seeding calls as CloudTrail events', async () => {
    const { misconfigured, compliant } = await eventVerdicts(endpoint, 'vigil-clb-ct', pair);
    for (const rule of pair.failingRules) {
      expect(misconfigured[rule], rule).toBe('NON_COMPLIANT');
      expect(compliant[rule], rule).toBe('COMPLIANT');
    }
  });

  it('once deleted, the load balancer is a deleted item and is no longer listed', async () => {
    const elb = await clients.client('elb');
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerName: pair.misconfigured.resourceId }));
    const describer = new AwsResourceDescriber({ clients, region: REGION });
    const captureTime = new Date().toISOString();
    const item = await describer.describe({
      accountId: ACCOUNT,
      region: REGION,
      resourceType: CLASSIC_LOAD_BALANCER_TYPE,
      lookupId: pair.misconfigured.resourceId,
      captureTime,
    });
    expect(item).toMatchObject({ status: 'ResourceDeleted', resourceId: pair.misconfigured.resourceId });
    const listed = await describer.listRefs(CLASSIC_LOAD_BALANCER_TYPE, ACCOUNT, captureTime);
    expect(listed.map((ref) => ref.lookupId)).not.toContain(pair.misconfigured.resourceId);
  });
});
