import { DeleteObjectCommand, S3ServiceException } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluate } from '#functions/evaluator';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { drainAlerts } from '#test/support/pipeline-stack';
import {
  ACCOUNT,
  type LocalPipeline,
  localPipeline,
  REGION,
  readStored,
  securityGroupItem,
  sha256Base64,
  storedEvidence,
  uniqueGroupId,
  versionsUnder,
} from './harness';

const DAY_MS = 86_400_000;
const RULE = 'restricted-ssh';

describe('evaluator on Config Configuration Item Change events (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-cfg', { ENABLED_RULES: RULE });
  });

  afterAll(() => pipeline?.close());

  /** The findings stored for one group, with the batch object each is in. */
  async function findingsOfGroup(groupId: string) {
    const { findings } = await storedEvidence(pipeline, `findings/${ACCOUNT}/${REGION}/`);
    return findings.filter((entry) => entry.record.resource.resourceId === groupId);
  }

  /** The evidence objects holding anything about one group. */
  async function objectsOfGroup(groupId: string): Promise<string[]> {
    const { findings, attestations } = await storedEvidence(pipeline, `findings/${ACCOUNT}/${REGION}/`);
    return [
      ...new Set(
        [...findings, ...attestations]
          .filter((entry) => entry.record.resource.resourceId === groupId)
          .map((entry) => entry.key),
      ),
    ];
  }

  describe('one change event in an SQS batch', () => {
    const groupId = uniqueGroupId();
    const captureTime = '2026-11-20T09:15:02.114Z';
    const event = configChangeEvent(securityGroupItem({ groupId, captureTime, sshOpenToWorld: true }));
    let key = '';
    let evaluatedAt = 0;

    beforeAll(async () => {
      const before = Date.now();
      const response = await evaluate(sqsBatch([event]), pipeline.runtime);
      evaluatedAt = before;
      expect(response.batchItemFailures).toEqual([]);
      const [stored] = await findingsOfGroup(groupId);
      key = stored?.key ?? '';
    });

    it('stores one finding in a batch object of the write hour, with the verdict and a valid hash', async () => {
      const stored = await findingsOfGroup(groupId);
      expect(stored).toHaveLength(1);
      const finding = stored[0]?.record;
      if (finding === undefined) throw new Error('no finding');
      expect(finding.compliance).toBe('NON_COMPLIANT');
      expect(finding.ruleId).toBe(RULE);
      expect(finding.resource).toMatchObject({
        resourceId: groupId,
        resourceType: 'AWS::EC2::SecurityGroup',
      });
      expect(finding.source.trigger).toBe('config-change');
      expect(finding.source.eventId).toBe(event.id);
      expect(finding.sequence).toBe(1);
      expect(finding.previousHash).toBeNull();
      expect(finding.configurationItem.captureTime).toBe(captureTime);
      const hour = new Date(evaluatedAt).toISOString().slice(0, 13).replace(/[-T]/g, '/');
      expect(key.startsWith(`findings/${ACCOUNT}/${REGION}/${hour}/`)).toBe(true);
      expect(key.endsWith('.jsonl')).toBe(true);
    });

    it('locks the object in COMPLIANCE mode until evaluation time + retention days', async () => {
      const { lockMode, retainUntil } = await readStored(pipeline, key);
      expect(lockMode).toBe('COMPLIANCE');
      const expected = evaluatedAt + pipeline.stack.retentionDays * DAY_MS;
      expect(Math.abs((retainUntil?.getTime() ?? 0) - expected)).toBeLessThan(60_000);
    });

    it('keeps a SHA-256 checksum S3 verified, equal to the hash of the stored bytes', async () => {
      const { bytes, checksumSha256 } = await readStored(pipeline, key);
      expect(checksumSha256).toBe(sha256Base64(bytes));
    });

    it('refuses to delete the locked version (AccessDenied)', async () => {
      const { versionId } = await readStored(pipeline, key);
      expect(versionId).toBeTruthy();
      const failure = await pipeline.s3
        .send(new DeleteObjectCommand({ Bucket: pipeline.stack.bucket, Key: key, VersionId: versionId }))
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(failure).toBeInstanceOf(S3ServiceException);
      expect((failure as S3ServiceException).name).toBe('AccessDenied');
      expect(await objectsOfGroup(groupId)).toEqual([key]);
    });

    it('alerts once for the new failure, with filterable message attributes', async () => {
      const alerts = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
      expect(alerts).toHaveLength(1);
      expect(alerts[0]?.subject).toContain(RULE);
      expect(alerts[0]?.attributes).toMatchObject({ rule: RULE, transition: 'NEW_FAILURE' });
      expect(alerts[0]?.message).toContain(key);
    });

    it('writes no duplicate and sends no second alert when the same event comes again', async () => {
      const again = await evaluate(sqsBatch([event]), pipeline.runtime);
      expect(again.batchItemFailures).toEqual([]);
      // Delivered directly by EventBridge this time (not through SQS): still the same key.
      await evaluate(event, pipeline.runtime);
      expect(await objectsOfGroup(groupId)).toEqual([key]);
      expect(await findingsOfGroup(groupId)).toHaveLength(1);
      const alerts = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
      expect(alerts).toEqual([]);
    });
  });

  it('keeps a malformed message as locked rejected-input evidence and still processes the rest of the batch', async () => {
    const groupId = uniqueGroupId();
    const good = configChangeEvent(
      securityGroupItem({ groupId, captureTime: '2026-11-20T11:00:00.000Z', sshOpenToWorld: false }),
    );
    const batch = sqsBatch([good]);
    const malformed = { ...batch.Records[0], messageId: 'malformed-1', body: '{"detail-type": ' };
    const response = await evaluate({ Records: [malformed, ...batch.Records] }, pipeline.runtime);
    expect(response.batchItemFailures).toEqual([]);
    expect(await findingsOfGroup(groupId)).toHaveLength(1);
    const rejected = await versionsUnder(pipeline, 'rejected/');
    expect(rejected).toHaveLength(1);
    const stored = await readStored(pipeline, rejected[0]?.Key ?? '');
    expect(stored.lockMode).toBe('COMPLIANCE');
    const body = JSON.parse(new TextDecoder().decode(stored.bytes)) as { raw: string; reason: string };
    expect(body.raw).toBe('{"detail-type": ');
    expect(body.reason).toMatch(/not JSON/);
  });

  describe('status changes', () => {
    const groupId = uniqueGroupId();
    const times = ['2026-11-21T08:00:00.000Z', '2026-11-21T09:00:00.000Z', '2026-11-21T10:00:00.000Z'];

    async function change(index: number, sshOpenToWorld: boolean): Promise<void> {
      const captureTime = times[index] ?? '';
      const event = configChangeEvent(securityGroupItem({ groupId, captureTime, sshOpenToWorld }));
      const response = await evaluate(sqsBatch([event]), pipeline.runtime);
      expect(response.batchItemFailures).toEqual([]);
    }

    async function alertsForGroup(): Promise<{ subject: string; transition: string | undefined }[]> {
      return (await drainAlerts(pipeline.stack))
        .filter((alert) => alert.message.includes(groupId))
        .map((alert) => ({ subject: alert.subject, transition: alert.attributes.transition }));
    }

    it('sends nothing on a first pass, one NEW_FAILURE, then one RESOLVED, and chains the three findings', async () => {
      await change(0, false);
      expect(await alertsForGroup()).toEqual([]);

      await change(1, true);
      const failed = await alertsForGroup();
      expect(failed.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);

      await change(2, false);
      const resolved = await alertsForGroup();
      expect(resolved.map((alert) => alert.transition)).toEqual(['RESOLVED']);

      const findings = (await findingsOfGroup(groupId)).map((entry) => entry.record);
      expect(findings.map((finding) => [finding.sequence, finding.compliance])).toEqual([
        [1, 'COMPLIANT'],
        [2, 'NON_COMPLIANT'],
        [3, 'COMPLIANT'],
      ]);
      expect(findings[1]?.previousHash).toBe(findings[0]?.hash);
      expect(findings[2]?.previousHash).toBe(findings[1]?.hash);

      const state = await pipeline.runtime.state.get({
        accountId: ACCOUNT,
        region: REGION,
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: groupId,
      });
      expect(state?.rules[RULE]).toMatchObject({
        compliance: 'COMPLIANT',
        sequence: 3,
        headHash: findings[2]?.hash,
      });
      expect(state?.version).toBe(3);
    });

    it('attests an unchanged item seen again with a new capture time: no finding, the row only moves its capture time', async () => {
      const event = configChangeEvent(
        securityGroupItem({ groupId, captureTime: '2026-11-21T11:00:00.000Z', sshOpenToWorld: false }),
      );
      expect((await evaluate(sqsBatch([event]), pipeline.runtime)).batchItemFailures).toEqual([]);
      expect(await findingsOfGroup(groupId)).toHaveLength(3);
      const { attestations } = await storedEvidence(pipeline, `findings/${ACCOUNT}/${REGION}/`);
      const mine = attestations.filter((entry) => entry.record.resource.resourceId === groupId);
      expect(mine).toHaveLength(1);
      const head = (await findingsOfGroup(groupId)).at(-1)?.record;
      expect(mine[0]?.record.rules).toEqual([
        {
          ruleId: RULE,
          severity: 'high',
          soc2: head?.soc2,
          compliance: 'COMPLIANT',
          sequence: 3,
          headHash: head?.hash,
        },
      ]);
      const state = await pipeline.runtime.state.get({
        accountId: ACCOUNT,
        region: REGION,
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: groupId,
      });
      expect(state?.version).toBe(4);
      expect(state?.captureTime).toBe('2026-11-21T11:00:00.000Z');
      expect(state?.rules[RULE]).toMatchObject({ sequence: 3, headHash: head?.hash });
      // An item captured before it but delivered after it is stale: status kept, no alert.
      const late = configChangeEvent(
        securityGroupItem({ groupId, captureTime: '2026-11-21T10:30:00.000Z', sshOpenToWorld: true }),
      );
      expect((await evaluate(sqsBatch([late]), pipeline.runtime)).batchItemFailures).toEqual([]);
      const after = await pipeline.runtime.state.get({
        accountId: ACCOUNT,
        region: REGION,
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: groupId,
      });
      expect(after?.rules[RULE]).toMatchObject({ compliance: 'COMPLIANT', sequence: 4 });
      expect((await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId))).toEqual(
        [],
      );
    });

    it('ignores an older item arriving late: no alert, status kept, the finding still chained', async () => {
      const lateGroup = uniqueGroupId();
      const at = (time: string, open: boolean) =>
        configChangeEvent(securityGroupItem({ groupId: lateGroup, captureTime: time, sshOpenToWorld: open }));
      await evaluate(sqsBatch([at('2026-11-22T10:00:00.000Z', false)]), pipeline.runtime);
      await evaluate(sqsBatch([at('2026-11-22T09:00:00.000Z', true)]), pipeline.runtime);
      const alerts = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(lateGroup));
      expect(alerts).toEqual([]);
      const state = await pipeline.runtime.state.get({
        accountId: ACCOUNT,
        region: REGION,
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: lateGroup,
      });
      expect(state?.rules[RULE]).toMatchObject({ compliance: 'COMPLIANT', sequence: 2 });
      expect(state?.captureTime).toBe('2026-11-22T10:00:00.000Z');
    });
  });
});
