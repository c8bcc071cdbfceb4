import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { normalizeConfigurationItem } from '#shared/config-item/configuration-item';
import { PERIOD_MS } from '#shared/evidence/digest';
import { parseHourKey } from '#shared/evidence/finding';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { processConfigurationItem } from '#shared/pipeline/process';
import { RemediationRequestSchema } from '#shared/remediations/request';
import { allowTagExemptions } from '#test/support/acceptances';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import {
  ACCOUNT,
  findingsOf,
  localPipeline,
  REGION,
  readStored,
  securityGroupItem,
  sha256Base64,
  storedEvidence,
  versionsUnder,
} from '../pipeline/harness';
import { localRemediation, onlyRecord } from './harness';

describe('pipeline to remediation: the evaluator queues new failures and the sweep still-failing ones, the remediation function fixes them (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let ec2: EC2Client;
  let sqs: SQSClient;

  beforeAll(() => {
    const config = awsClientConfig(endpoint);
    ec2 = new EC2Client(config);
    sqs = new SQSClient(config);
  });

  afterAll(() => {
    for (const client of [ec2, sqs]) client?.destroy();
  });

  it('pipeline hook: a new restricted-ssh failure is queued, and the queued request fixes the group', async () => {
    const queueUrl =
      (await sqs.send(new CreateQueueCommand({ QueueName: uniqueName('vigil-remediation') }))).QueueUrl ?? '';
    const pipeline = await localPipeline(endpoint, 'vigil-rem-hook', {
      REMEDIATION_QUEUE_URL: queueUrl,
      REMEDIATION_TOGGLES: JSON.stringify({ 'restricted-ssh': 'on' }),
      REMEDIATION_SSM_PREFIX: 'none',
      ENABLED_RULES: 'restricted-ssh',
    });
    const remediation = await localRemediation(
      endpoint,
      'vigil-rem-hookr',
      { REMEDIATION_TOGGLES: JSON.stringify({ 'restricted-ssh': 'on' }), REMEDIATION_SSM_PREFIX: 'none' },
      pipeline.stack,
    );
    // A vigil:exempt tag exempts only where the register allows it (docs/acceptances.md).
    await allowTagExemptions(endpoint, pipeline.stack, ['restricted-ssh'], 'sg-*');
    try {
      const create = async () => {
        const group = await ec2.send(
          new CreateSecurityGroupCommand({ GroupName: uniqueName('hook'), Description: 'hook test' }),
        );
        await ec2.send(
          new AuthorizeSecurityGroupIngressCommand({
            GroupId: group.GroupId,
            IpPermissions: [
              { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
            ],
          }),
        );
        return group.GroupId ?? '';
      };
      const [open, exempt] = await Promise.all([create(), create()]);
      const captureTime = new Date().toISOString();
      const exemptItem = {
        ...securityGroupItem({ groupId: exempt, captureTime, sshOpenToWorld: true }),
        tags: { 'vigil:exempt': 'all', 'vigil:exempt-reason': 'jump host' },
      };
      process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
      const { evaluate } = await import('#functions/evaluator');
      const response = await evaluate(
        sqsBatch([
          configChangeEvent(securityGroupItem({ groupId: open, captureTime, sshOpenToWorld: true })),
          configChangeEvent(exemptItem),
        ]),
        pipeline.runtime,
      );
      expect(response.batchItemFailures).toEqual([]);

      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      const requests = (received.Messages ?? []).map((message) =>
        RemediationRequestSchema.parse(JSON.parse(message.Body ?? '{}')),
      );
      expect(requests.map((entry) => entry.resource.resourceId)).toEqual([open]);
      expect(requests[0]?.trigger.findingKey).toMatch(/^findings\//);

      // Still failing a minute later: a repeat, not a new failure, so nothing more is queued.
      const later = new Date(Date.parse(captureTime) + 60_000).toISOString();
      await evaluate(
        sqsBatch([
          configChangeEvent(securityGroupItem({ groupId: open, captureTime: later, sshOpenToWorld: true })),
        ]),
        pipeline.runtime,
      );
      const repeats = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      expect(repeats.Messages ?? []).toEqual([]);

      // The scheduled sweep finds both still failing: it queues the open group again (its rule is `on`),
      // so failures that predate the toggle get fixed; the exempt one stays alone.
      const swept = new Date(Date.parse(captureTime) + 120_000).toISOString();
      const sweep = async (eventId: string) => {
        for (const item of [
          securityGroupItem({ groupId: open, captureTime: swept, sshOpenToWorld: true }),
          { ...exemptItem, configurationItemCaptureTime: swept },
        ]) {
          await processConfigurationItem(
            normalizeConfigurationItem(item),
            { trigger: 'sweep', eventId },
            pipeline.runtime,
          );
        }
        return (
          (
            await sqs.send(
              new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
            )
          ).Messages ?? []
        ).map((message) => RemediationRequestSchema.parse(JSON.parse(message.Body ?? '{}')));
      };
      const sweepRequests = await sweep('sweep@day-1');
      expect(sweepRequests.map((entry) => [entry.resource.resourceId, entry.trigger.source])).toEqual([
        [open, 'sweep'],
      ]);
      // The next day's sweep reads the same unchanged item from Config: the same finding (no new one, an
      // attestation naming it), but the open group is queued again under a new request id.
      const nextDay = await sweep('sweep@day-2');
      expect(nextDay.map((entry) => entry.resource.resourceId)).toEqual([open]);
      expect(nextDay[0]?.requestId).not.toBe(sweepRequests[0]?.requestId);
      const [openFinding, ...laterFindings] = await findingsOf(pipeline, open);
      expect(laterFindings).toEqual([]);
      expect(sweepRequests[0]?.trigger.findingHash).toBe(openFinding?.hash);
      expect(nextDay[0]?.trigger.findingHash).toBe(openFinding?.hash);
      // Each sweep's request names the object holding that sweep's attestation of the finding.
      const { attestations } = await storedEvidence(pipeline);
      for (const request of [...sweepRequests, ...nextDay]) {
        const attested = attestations.find((entry) => entry.key === request.trigger.findingKey);
        expect(attested?.record.rules.map((rule) => rule.headHash)).toEqual([openFinding?.hash]);
      }

      const [exemptFinding] = await findingsOf(pipeline, exempt);
      expect(exemptFinding?.exemption).toEqual({ tag: 'all', reason: 'jump host' });

      const handled = await remediation.run(...requests);
      expect(handled.batchItemFailures).toEqual([]);
      const group = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [open] }));
      expect(group.SecurityGroups?.[0]?.IpPermissions ?? []).toEqual([]);
      const { key: recordKey, record } = await onlyRecord(remediation, 'restricted-ssh', open);
      expect(record.trigger.findingKey).toBe(requests[0]?.trigger.findingKey);
      expect(record.trigger.source).toBe('config-change');

      // The record is keyed by the hour it was written in, so that hour's signed digest lists it, and S3 kept
      // the SHA-256 of its bytes.
      const [version] = await versionsUnder(pipeline, recordKey);
      const hour = parseHourKey(recordKey);
      expect(hour).toMatchObject({ prefix: 'remediations/', accountId: ACCOUNT, region: REGION });
      expect(hour?.hourStart.getTime()).toBe(
        Math.floor(Date.parse(record.finishedAt) / PERIOD_MS) * PERIOD_MS,
      );
      const written = version?.LastModified?.getTime() ?? 0;
      expect(Math.floor(written / PERIOD_MS) * PERIOD_MS).toBe(hour?.hourStart.getTime());
      const stored = await readStored(pipeline, recordKey);
      expect(stored.lockMode).toBe('COMPLIANCE');
      expect(stored.checksumSha256).toBe(sha256Base64(stored.bytes));
    } finally {
      pipeline.close();
      remediation.close();
    }
  });
});
