import { DeleteLoadBalancerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import { LISTENER_V2_TYPE, LOAD_BALANCER_V2_TYPE } from '#shared/resources/elb';
import { LOAD_BALANCER_V2_SEEDER } from '#test/support/estate/load-balancer-v2';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, REGION } from '../pipeline/harness';
import { eventVerdicts, motoClients, sweepVerdicts } from './seeded-pair-verdicts';

describe(`${LOAD_BALANCER_V2_TYPE} and its listeners on moto: a forwarding ALB without logs beside a redirecting one with logs`, () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let pair: SeededPair;

  beforeAll(async () => {
    pair = await LOAD_BALANCER_V2_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('alb'),
    });
  });

  afterAll(() => clients.destroy());

  it('the describe sweep lists both with their listeners, and fails only the forwarding ALB', async () => {
    const { misconfigured, compliant, items } = await sweepVerdicts(clients, pair);
    for (const rule of pair.failingRules) {
      expect(misconfigured[rule], rule).toBe('NON_COMPLIANT');
      expect(compliant[rule], rule).toBe('COMPLIANT');
    }
    const listeners = items.filter(
      (item) =>
        item.resourceType === LISTENER_V2_TYPE &&
        item.configuration?.LoadBalancerArn === pair.compliant.resourceId,
    );
    expect(listeners.map((item) => [item.configuration?.Protocol, item.configuration?.Port]).sort()).toEqual([
      ['HTTP', 80],
      ['HTTPS', 443],
    ]);
    expect(items.find((item) => item.resourceId === pair.compliant.resourceId)).toMatchObject({
      configuration: { type: 'application', loadBalancerArn: pair.compliant.resourceId },
      supplementaryConfiguration: {
        LoadBalancerAttributes: expect.arrayContaining([{ key: 'access_logs.s3.enabled', value: 'true' }]),
      },
    });
  });

  it('the same verdicts come out of the evaluator fed the seeding calls as CloudTrail events', async () => {
    const { misconfigured, compliant } = await eventVerdicts(endpoint, 'vigil-alb-ct', pair);
    for (const rule of pair.failingRules) {
      expect(misconfigured[rule], rule).toBe('NON_COMPLIANT');
      expect(compliant[rule], rule).toBe('COMPLIANT');
    }
  });

  it('once deleted, the load balancer and its listener are deleted items and are no longer listed', async () => {
    const describer = new AwsResourceDescriber({ clients, region: REGION });
    const captureTime = new Date().toISOString();
    const listeners = (await describer.listRefs(LISTENER_V2_TYPE, ACCOUNT, captureTime)).filter((ref) =>
      ref.lookupId.startsWith(pair.misconfigured.resourceId.replace(':loadbalancer/', ':listener/')),
    );
    expect(listeners).toHaveLength(1);
    const elbv2 = await clients.client('elbv2');
    await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: pair.misconfigured.resourceId }));
    const base = { accountId: ACCOUNT, region: REGION, captureTime };
    expect(
      await describer.describe({
        ...base,
        resourceType: LOAD_BALANCER_V2_TYPE,
        lookupId: pair.misconfigured.resourceId,
      }),
    ).toMatchObject({ status: 'ResourceDeleted', resourceId: pair.misconfigured.resourceId });
    for (const ref of listeners) {
      expect(await describer.describe(ref)).toMatchObject({
        status: 'ResourceDeleted',
        resourceId: ref.lookupId,
      });
    }
    const listed = await describer.listRefs(LOAD_BALANCER_V2_TYPE, ACCOUNT, captureTime);
    expect(listed.map((ref) => ref.lookupId)).not.toContain(pair.misconfigured.resourceId);
  });
});
