import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { EC2_SECURITY_GROUP_SEEDER } from '#test/support/estate/ec2-security-group';
import type { SeededPair } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import type { LocalPipeline } from '../pipeline/harness';
import { ACCOUNT, REGION } from '../pipeline/harness';
import { eventVerdicts, expectPairJudged, motoClients, sweepVerdicts } from './ec2-pairs';

const RULES = ['restricted-ssh', 'restricted-common-ports', 'vpc-sg-open-only-to-authorized-ports'];

describe('AWS::EC2::SecurityGroup on moto: seeded pair, describe sweep and CloudTrail path', () => {
  const endpoint = inject('motoEndpoint');
  let seeded: SeededPair;
  let pipeline: LocalPipeline | undefined;

  beforeAll(async () => {
    seeded = await EC2_SECURITY_GROUP_SEEDER.seed(motoClients(endpoint), {
      accountId: ACCOUNT,
      region: REGION,
      suffix: uniqueName('sg'),
    });
  });

  afterAll(() => pipeline?.close());

  it('the seeder names the rules it breaks and the calls that made both groups', () => {
    expect(seeded.failingRules).toEqual(RULES);
    expect(seeded.events.map((event) => event.eventName)).toEqual([
      'CreateSecurityGroup',
      'AuthorizeSecurityGroupIngress',
      'CreateSecurityGroup',
      'AuthorizeSecurityGroupIngress',
    ]);
  });

  it('the describe sweep lists both groups and fails only the one open to SSH and RDP', async () => {
    expectPairJudged(seeded, await sweepVerdicts(endpoint, seeded, RULES));
  });

  it('the CloudTrail calls reach the same verdicts through the evaluator', async () => {
    const verdicts = await eventVerdicts(endpoint, 'vigil-sg-pair', seeded, RULES);
    pipeline = verdicts.pipeline;
    expectPairJudged(seeded, verdicts);
  });
});
