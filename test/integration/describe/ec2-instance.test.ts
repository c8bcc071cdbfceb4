import { CreateTagsCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EC2_INSTANCE_SEEDER } from '#test/support/estate/ec2-instance';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, chainOf, cloudTrailCaller, type LocalPipeline, REGION } from '../pipeline/harness';
import { eventVerdicts, expectPairJudged, motoClients, sweepVerdicts } from './ec2-pairs';

const RULES = ['ec2-imdsv2-check', 'ec2-instance-no-public-ip', 'ec2-instance-profile-attached'];

describe('AWS::EC2::Instance on moto: seeded pair, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let seeded: SeededPair;
  let pipeline: LocalPipeline | undefined;

  beforeAll(async () => {
    seeded = await EC2_INSTANCE_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('i'),
    });
  });

  afterAll(() => pipeline?.close());

  it('the describe sweep lists both instances and fails only the exposed one', async () => {
    expectPairJudged(seeded, await sweepVerdicts(endpoint, seeded, RULES));
  });

  it('the CloudTrail calls reach the same verdicts through the evaluator; a CreateTags re-describes', async () => {
    const verdicts = await eventVerdicts(endpoint, 'vigil-instance-pair', seeded, RULES);
    pipeline = verdicts.pipeline;
    expectPairJudged(seeded, verdicts);

    const instanceId = seeded.misconfigured.resourceId;
    const ec2: EC2Client = await clients.client('ec2');
    await ec2.send(
      new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: 'owner', Value: 'web' }] }),
    );
    const before = (await chainOf(verdicts.pipeline, instanceId, 'ec2-imdsv2-check')).length;
    await cloudTrailCaller(
      () => verdicts.pipeline,
      Date.now() + 3_600_000,
    )({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'CreateTags',
      requestParameters: {
        resourcesSet: { items: [{ resourceId: instanceId }] },
        tagSet: { items: [{ key: 'owner', value: 'web' }] },
      },
      responseElements: { _return: true },
    });
    const chain = await chainOf(verdicts.pipeline, instanceId, 'ec2-imdsv2-check');
    expect(chain.length).toBeGreaterThan(before);
    expect(chain.at(-1)).toMatchObject({ compliance: 'NON_COMPLIANT', source: { trigger: 'cloudtrail' } });
  });
});
