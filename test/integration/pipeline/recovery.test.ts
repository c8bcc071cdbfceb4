import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluate } from '#functions/evaluator';
import { parseConfig } from '#shared/config';
import { parseFinding, verifyChain } from '#shared/evidence/finding';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts, pipelineEnv } from '#test/support/pipeline-stack';
import {
  ACCOUNT,
  type LocalPipeline,
  localPipeline,
  REGION,
  readStored,
  securityGroupItem,
  uniqueGroupId,
  versionsUnder,
} from './harness';

const RULE = 'restricted-ssh';

describe('a write that failed after its claim is finished by the retry (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  /** Same table and topic, but an evidence bucket that does not exist: every put fails. */
  let broken: Runtime;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-recover', { ENABLED_RULES: RULE });
    const { credentials } = awsClientConfig(endpoint);
    broken = createRuntime(
      parseConfig({
        ...pipelineEnv(pipeline.stack),
        ENABLED_RULES: RULE,
        EVIDENCE_BUCKET: uniqueName('vigil-missing-bucket'),
      }),
      { endpoint, credentials },
    );
  });

  afterAll(() => {
    broken?.destroy();
    pipeline?.close();
  });

  const ref = (groupId: string) => ({
    accountId: ACCOUNT,
    region: REGION,
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: groupId,
    ruleId: RULE,
  });

  async function chainOf(groupId: string) {
    const versions = await versionsUnder(pipeline, 'findings/');
    const keys = versions.flatMap((version) =>
      version.Key?.includes(`/${groupId}/${RULE}/`) ? [version.Key] : [],
    );
    const entries = await Promise.all(
      keys.map(async (key) => ({
        key,
        finding: parseFinding(new TextDecoder().decode((await readStored(pipeline, key)).bytes)),
      })),
    );
    return entries.sort((a, b) => a.finding.sequence - b.finding.sequence);
  }

  it('reports the message for retry, keeps the claimed finding pending, and the redelivery stores it once', async () => {
    const groupId = uniqueGroupId();
    const event = configChangeEvent(
      securityGroupItem({ groupId, captureTime: '2026-11-22T07:00:00.000Z', sshOpenToWorld: true }),
    );
    const batch = sqsBatch([event]);
    const first = await evaluate(batch, broken);
    expect(first.batchItemFailures).toHaveLength(1);
    const row = await pipeline.runtime.state.get(ref(groupId));
    expect(row?.sequence).toBe(1);
    expect(row?.pending?.key).toBe(row?.headKey);
    expect(await drainAlerts(pipeline.stack)).toEqual([]);

    // SQS redelivers the same message, this time to a healthy container.
    const retry = await evaluate(batch, pipeline.runtime);
    expect(retry.batchItemFailures).toEqual([]);
    const chain = await chainOf(groupId);
    expect(chain.map((entry) => [entry.finding.sequence, entry.finding.compliance])).toEqual([
      [1, 'NON_COMPLIANT'],
    ]);
    expect(chain[0]?.key).toBe(row?.headKey);
    // The exact bytes claimed in the row were stored: same hash as the claimed head.
    expect(chain[0]?.finding.hash).toBe(row?.headHash);
    const alerts = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);
    expect((await pipeline.runtime.state.get(ref(groupId)))?.pending).toBeUndefined();
  });

  it('a later change finishes the pending write first, then chains after it', async () => {
    const groupId = uniqueGroupId();
    const failed = configChangeEvent(
      securityGroupItem({ groupId, captureTime: '2026-11-22T07:00:00.000Z', sshOpenToWorld: true }),
    );
    expect((await evaluate(sqsBatch([failed]), broken)).batchItemFailures).toHaveLength(1);

    const fixed = configChangeEvent(
      securityGroupItem({ groupId, captureTime: '2026-11-22T08:00:00.000Z', sshOpenToWorld: false }),
    );
    expect((await evaluate(sqsBatch([fixed]), pipeline.runtime)).batchItemFailures).toEqual([]);

    const chain = await chainOf(groupId);
    expect(chain.map((entry) => [entry.finding.sequence, entry.finding.compliance])).toEqual([
      [1, 'NON_COMPLIANT'],
      [2, 'COMPLIANT'],
    ]);
    expect(
      verifyChain(
        chain.map((entry) => entry.finding),
        chain.map((entry) => entry.key),
      ),
    ).toEqual([]);
    const alerts = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE', 'RESOLVED']);
  });
});
