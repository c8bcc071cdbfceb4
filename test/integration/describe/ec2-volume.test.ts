import { DeleteVolumeCommand, DetachVolumeCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EC2_VOLUME_SEEDER } from '#test/support/estate/ec2-volume';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import { ACCOUNT, chainOf, cloudTrailCaller, type LocalPipeline, REGION } from '../pipeline/harness';
import { eventVerdicts, expectPairJudged, motoClients, sweepVerdicts } from './ec2-pairs';

const RULES = ['encrypted-volumes'];

describe('AWS::EC2::Volume on moto: seeded pair, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  const clients = motoClients(endpoint);
  let seeded: SeededPair;
  let pipeline: LocalPipeline | undefined;

  beforeAll(async () => {
    seeded = await EC2_VOLUME_SEEDER.seed(clients, {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('vol'),
    });
  });

  afterAll(() => pipeline?.close());

  it('the describe sweep lists both volumes and fails only the unencrypted one', async () => {
    expectPairJudged(seeded, await sweepVerdicts(endpoint, seeded, RULES));
  });

  it('the CloudTrail calls reach the same verdicts; DetachVolume and DeleteVolume take the volume out of scope', async () => {
    const verdicts = await eventVerdicts(endpoint, 'vigil-volume-pair', seeded, RULES);
    pipeline = verdicts.pipeline;
    expectPairJudged(seeded, verdicts);

    const volumeId = seeded.misconfigured.resourceId;
    const ec2: EC2Client = await clients.client('ec2');
    const call = cloudTrailCaller(() => verdicts.pipeline, Date.now() + 3_600_000);
    const attach = seeded.events.find(
      (event) => event.eventName === 'AttachVolume' && event.requestParameters?.volumeId === volumeId,
    );
    const instanceId = String(attach?.requestParameters?.instanceId);
    const device = String(attach?.requestParameters?.device);
    // moto needs the instance and device that AWS would find from the volume alone.
    await ec2.send(new DetachVolumeCommand({ VolumeId: volumeId, InstanceId: instanceId, Device: device }));
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DetachVolume',
      requestParameters: { volumeId, force: false },
      responseElements: { volumeId, instanceId, device, status: 'detaching' },
    });
    expect((await chainOf(verdicts.pipeline, volumeId, 'encrypted-volumes')).at(-1)).toMatchObject({
      compliance: 'NOT_APPLICABLE',
    });
    await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    await call({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DeleteVolume',
      requestParameters: { volumeId },
      responseElements: { _return: true },
    });
    const chain = await chainOf(verdicts.pipeline, volumeId, 'encrypted-volumes');
    expect(chain.map((finding) => finding.compliance)).toEqual([
      'NON_COMPLIANT',
      'NOT_APPLICABLE',
      'NOT_APPLICABLE',
    ]);
    expect(chain.at(-1)?.annotation).toContain('ResourceDeleted');
  });
});
