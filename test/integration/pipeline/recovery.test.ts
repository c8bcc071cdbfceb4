import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluate } from '#functions/evaluator';
import type { Notifier } from '#shared/alerts/alert';
import { parseConfig } from '#shared/config';
import { ChainChecker, type Finding, recordLine } from '#shared/evidence/finding';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { decodePending } from '#shared/pipeline/evidence-batch';
import { createRuntime, type Runtime } from '#shared/pipeline/runtime';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts, pipelineEnv, type ReceivedAlert } from '#test/support/pipeline-stack';
import {
  ACCOUNT,
  type LocalPipeline,
  localPipeline,
  REGION,
  type StoredRecord,
  securityGroupItem,
  storedEvidence,
  uniqueGroupId,
} from './harness';

const RULE = 'restricted-ssh';

describe('a claim whose evidence was not stored is finished by the retry (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  /** Same table and topic, but an evidence bucket that does not exist: every batch put fails. */
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
  });

  /** The group's stored findings, and the problems a chain checker finds in everything stored. */
  async function evidenceOf(groupId: string): Promise<{
    findings: StoredRecord<Finding>[];
    problems: ReturnType<ChainChecker['problems']>;
  }> {
    const { findings, attestations } = await storedEvidence(pipeline);
    const checker = new ChainChecker();
    for (const entry of findings) checker.addFinding(entry.record, `${entry.key}:${entry.line}`);
    for (const entry of attestations) checker.addAttestation(entry.record, `${entry.key}:${entry.line}`);
    return {
      findings: findings.filter((entry) => entry.record.resource.resourceId === groupId),
      problems: checker.problems().filter((problem) => problem.chainId.includes(groupId)),
    };
  }

  async function alertsOf(groupId: string): Promise<ReceivedAlert[]> {
    return (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
  }

  /** A notifier that fails once, the way a container that dies before its flush publishes nothing. */
  function crashingOnce(notifier: Notifier): Notifier {
    let crashed = false;
    return {
      async notify(alert) {
        if (!crashed) {
          crashed = true;
          throw new Error('container stopped before the flush');
        }
        await notifier.notify(alert);
      },
    };
  }

  it('a crash between the claim and the flush: the retry stores exactly the claimed findings and alerts once', async () => {
    const groupId = uniqueGroupId();
    const batch = sqsBatch([
      configChangeEvent(
        securityGroupItem({ groupId, captureTime: '2026-11-22T07:00:00.000Z', sshOpenToWorld: true }),
      ),
    ]);
    // The crashed invocation held its lease for 1.5 s (30 s by default, shorter than SQS's visibility timeout).
    const crashed = {
      ...pipeline.runtime,
      notifier: crashingOnce(pipeline.runtime.notifier),
      leaseMs: 1_500,
    };
    expect((await evaluate(batch, crashed)).batchItemFailures).toHaveLength(1);

    const row = await pipeline.runtime.state.get(ref(groupId));
    if (row?.pending === undefined) throw new Error('the claim left no pending batch in the row');
    expect(row.version).toBe(1);
    const claimed = decodePending(row.pending.body);
    expect(claimed.lines).toHaveLength(1);
    expect(claimed.alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);
    expect((await evidenceOf(groupId)).findings).toEqual([]);
    expect(await alertsOf(groupId)).toEqual([]);

    // Redelivered while the lease still runs: refused for now (the claimer may still be writing), nothing stored.
    const early = await evaluate(batch, { ...pipeline.runtime, pendingWaitMs: 100 });
    expect(early.batchItemFailures).toHaveLength(1);
    expect((await evidenceOf(groupId)).findings).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const retry = await evaluate(batch, pipeline.runtime);
    expect(retry.batchItemFailures).toEqual([]);

    const { findings, problems } = await evidenceOf(groupId);
    expect(findings.map((entry) => recordLine(entry.record))).toEqual(claimed.lines);
    expect(findings[0]?.record).toMatchObject({
      sequence: 1,
      previousHash: null,
      compliance: 'NON_COMPLIANT',
    });
    expect(findings[0]?.record.hash).toBe(row.rules[RULE]?.headHash);
    expect(problems).toEqual([]);
    const alerts = await alertsOf(groupId);
    expect(alerts.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);
    // The alert names the object the finding is really stored in.
    expect(alerts[0]?.message).toContain(findings[0]?.key);
    expect(alerts[0]?.message).toContain(findings[0]?.record.hash);
    const after = await pipeline.runtime.state.get(ref(groupId));
    expect(after?.pending?.key).toBe(findings[0]?.key);
    expect(after?.rules[RULE]).toMatchObject({ sequence: 1, headHash: findings[0]?.record.hash });

    // A third delivery is a duplicate: nothing more stored, no alert.
    expect((await evaluate(batch, pipeline.runtime)).batchItemFailures).toEqual([]);
    expect((await evidenceOf(groupId)).findings).toHaveLength(1);
    expect(await alertsOf(groupId)).toEqual([]);
  });

  it('a failed batch put: the retry stores the same finding once; the alert sent before the put is repeated', async () => {
    const groupId = uniqueGroupId();
    const batch = sqsBatch([
      configChangeEvent(
        securityGroupItem({ groupId, captureTime: '2026-11-22T07:00:00.000Z', sshOpenToWorld: true }),
      ),
    ]);
    const first = await evaluate(batch, { ...broken, leaseMs: 0 });
    expect(first.batchItemFailures).toHaveLength(1);
    const row = await pipeline.runtime.state.get(ref(groupId));
    // Alerts go out before the put, so a put that fails after them may repeat them, never lose them.
    const before = await alertsOf(groupId);
    expect(before.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);

    expect((await evaluate(batch, pipeline.runtime)).batchItemFailures).toEqual([]);

    const { findings, problems } = await evidenceOf(groupId);
    expect(findings.map((entry) => [entry.record.sequence, entry.record.compliance])).toEqual([
      [1, 'NON_COMPLIANT'],
    ]);
    expect(findings[0]?.record.hash).toBe(row?.rules[RULE]?.headHash);
    expect(problems).toEqual([]);
    const repeated = await alertsOf(groupId);
    expect(repeated.map((alert) => alert.attributes.transition)).toEqual(['NEW_FAILURE']);
    expect(repeated[0]?.message).toContain(findings[0]?.record.hash);
    expect(repeated[0]?.message).toContain(findings[0]?.key);
    expect(before[0]?.message).toContain(findings[0]?.record.hash);
  });

  it('a later change finishes the pending claim first, then chains after it in the same object', async () => {
    const groupId = uniqueGroupId();
    const failed = configChangeEvent(
      securityGroupItem({ groupId, captureTime: '2026-11-22T07:00:00.000Z', sshOpenToWorld: true }),
    );
    expect((await evaluate(sqsBatch([failed]), { ...broken, leaseMs: 0 })).batchItemFailures).toHaveLength(1);
    const claimed = await pipeline.runtime.state.get(ref(groupId));

    const fixed = configChangeEvent(
      securityGroupItem({ groupId, captureTime: '2026-11-22T08:00:00.000Z', sshOpenToWorld: false }),
    );
    expect((await evaluate(sqsBatch([fixed]), pipeline.runtime)).batchItemFailures).toEqual([]);

    const { findings, problems } = await evidenceOf(groupId);
    expect(findings.map((entry) => [entry.record.sequence, entry.record.compliance])).toEqual([
      [1, 'NON_COMPLIANT'],
      [2, 'COMPLIANT'],
    ]);
    expect(findings[0]?.record.hash).toBe(claimed?.rules[RULE]?.headHash);
    expect(findings[1]?.record.previousHash).toBe(findings[0]?.record.hash);
    expect(new Set(findings.map((entry) => entry.key)).size).toBe(1);
    expect(problems).toEqual([]);
    const alerts = await alertsOf(groupId);
    // NEW_FAILURE from the failed attempt (before its put) and again from the recovery, then RESOLVED.
    expect(alerts.map((alert) => alert.attributes.transition).sort()).toEqual([
      'NEW_FAILURE',
      'NEW_FAILURE',
      'RESOLVED',
    ]);
  });
});
