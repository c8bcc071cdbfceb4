import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweep } from '#functions/sweep';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts } from '#test/support/pipeline-stack';
import {
  ACCOUNT,
  chainProblems,
  type LocalPipeline,
  type LocalSweep,
  localSweep,
  REGION,
  type StoredRecord,
  storedEvidence,
} from './harness';

/** The swept findings and attestations of one resource. */
async function sweptEvidence(pipeline: LocalPipeline, resourceId: string) {
  const { findings, attestations } = await storedEvidence(pipeline);
  const mine = <T extends { readonly resource: { readonly resourceId: string } }>(
    entries: readonly StoredRecord<T>[],
  ) => entries.filter((entry) => entry.record.resource.resourceId === resourceId);
  return { findings: mine(findings), attestations: mine(attestations) };
}

async function sweptFindings(pipeline: LocalPipeline, resourceId: string) {
  return (await sweptEvidence(pipeline, resourceId)).findings.map((entry) => entry.record);
}

/**
 * moto's Config lists and batch-gets S3 buckets, the account public access block, IAM roles/policies and SNS
 * topics; only SNS topic items have timestamps SDK v3 can parse, so the Config-sourced sweep runs on topics.
 */
describe('sweep from the Config recorder (ListDiscoveredResources + BatchGetResourceConfig on moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalSweep;
  let sns: SNSClient;
  const topicArns: string[] = [];

  beforeAll(async () => {
    pipeline = await localSweep(endpoint, 'vigil-sweep-cfg', {
      ENABLED_RULES: 'sns-encrypted-kms',
      INVENTORY_SOURCE: 'config',
    });
    sns = new SNSClient(awsClientConfig(endpoint));
    for (const index of [1, 2, 3]) {
      const topic = await sns.send(
        new CreateTopicCommand({ Name: uniqueName(`vigil-sweep-topic-${index}`) }),
      );
      topicArns.push(topic.TopicArn ?? '');
    }
  });

  afterAll(() => {
    sns?.destroy();
    pipeline?.close();
  });

  it('evaluates every recorded topic, records a sweep finding each, and alerts on the new failures', async () => {
    const { planned, drained, status } = await pipeline.sweep();
    // One shard for the topics and one for the account item (no rule of the account is enabled: none).
    expect(planned.shards.map((shard) => shard.resourceType)).toEqual(['AWS::SNS::Topic']);
    expect(drained.deadLetters).toEqual([]);
    expect(status.sweep).toMatchObject({ status: 'complete', shardsPlanned: 1, shardsDone: 1, failures: 0 });
    expect(status.sweep.items).toBeGreaterThanOrEqual(topicArns.length);
    const objects = new Set<string>();
    for (const arn of topicArns) {
      const { findings } = await sweptEvidence(pipeline, arn);
      expect(findings).toHaveLength(1);
      expect(findings[0]?.record).toMatchObject({
        compliance: 'NON_COMPLIANT',
        sequence: 1,
        source: { trigger: 'sweep' },
      });
      for (const entry of findings) objects.add(entry.key);
    }
    // One batch object for the chunk, not one object per evaluation.
    expect(objects.size).toBe(1);
    const alerted = (await drainAlerts(pipeline.stack)).filter((alert) =>
      topicArns.some((arn) => alert.message.includes(arn)),
    );
    expect(alerted).toHaveLength(topicArns.length);
  });

  it('a second sweep of unchanged topics attests each one: no finding, no state write, no alert', async () => {
    const { planned, status } = await pipeline.sweep();
    expect(status.sweep).toMatchObject({ status: 'complete', failures: 0 });
    // The planner saw the first sweep complete.
    expect(planned.previous?.status).toBe('complete');
    for (const arn of topicArns) {
      const { findings, attestations } = await sweptEvidence(pipeline, arn);
      expect(findings).toHaveLength(1);
      // moto stamps each Config read with the current time; the content is the same, so it is attested.
      expect(attestations).toHaveLength(1);
      expect(attestations[0]?.record).toMatchObject({
        source: { trigger: 'sweep' },
        configurationItem: { sha256: findings[0]?.record.configurationItem.sha256 },
        rules: [
          {
            ruleId: 'sns-encrypted-kms',
            compliance: 'NON_COMPLIANT',
            sequence: 1,
            headHash: findings[0]?.record.hash,
          },
        ],
      });
      const state = await pipeline.runtime.state.get({
        accountId: ACCOUNT,
        region: REGION,
        resourceType: 'AWS::SNS::Topic',
        resourceId: arn,
      });
      expect(state?.version).toBe(1);
    }
    const alerted = (await drainAlerts(pipeline.stack)).filter((alert) =>
      topicArns.some((arn) => alert.message.includes(arn)),
    );
    expect(alerted).toEqual([]);
    expect(await chainProblems(pipeline)).toEqual([]);
  });
});

describe('sweep by describing resources through the service APIs (no Config recorder)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalSweep;
  let logs: CloudWatchLogsClient;
  const short = `/vigil/sweep/${uniqueName('short')}`;
  const yearLong = `/vigil/sweep/${uniqueName('year')}`;

  beforeAll(async () => {
    pipeline = await localSweep(endpoint, 'vigil-sweep-desc', {
      ENABLED_RULES: 'cw-loggroup-retention-period-check,iam-root-access-key-check',
      INVENTORY_SOURCE: 'describe',
    });
    logs = new CloudWatchLogsClient(awsClientConfig(endpoint));
    await logs.send(new CreateLogGroupCommand({ logGroupName: short }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: short, retentionInDays: 3 }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: yearLong }));
    await logs.send(new PutRetentionPolicyCommand({ logGroupName: yearLong, retentionInDays: 400 }));
  });

  afterAll(() => {
    logs?.destroy();
    pipeline?.close();
  });

  it('lists and describes every log group plus the account item, without a failure', async () => {
    const { planned, status } = await pipeline.sweep();
    expect(planned.shards.map((shard) => shard.resourceType).sort()).toEqual([
      ACCOUNT_RESOURCE_TYPE,
      'AWS::Logs::LogGroup',
    ]);
    expect(status.sweep).toMatchObject({ status: 'complete', shardsDone: 2, failures: 0 });
    expect(status.failures).toEqual([]);
    const [shortFinding] = await sweptFindings(pipeline, short);
    const [yearFinding] = await sweptFindings(pipeline, yearLong);
    expect(shortFinding).toMatchObject({ compliance: 'NON_COMPLIANT', source: { trigger: 'sweep' } });
    expect(yearFinding).toMatchObject({ compliance: 'COMPLIANT', source: { trigger: 'sweep' } });
    const account = (await sweptFindings(pipeline, ACCOUNT)).filter(
      (finding) => finding.ruleId === 'iam-root-access-key-check',
    );
    expect(account).toHaveLength(1);
    expect(account[0]?.resource.resourceType).toBe('AWS::::Account');
  });

  it('plans with the account of the function ARN when the event names none', async () => {
    const planned = await sweep({}, pipeline.runtime, {
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:vigil-sweep`,
      awsRequestId: crypto.randomUUID(),
    });
    expect(new Set(planned.shards.map((shard) => shard.accountId))).toEqual(new Set([ACCOUNT]));
    expect(planned.previous?.status).toBe('complete');
  });

  it('refuses to run without an account to sweep', async () => {
    await expect(sweep({}, pipeline.runtime)).rejects.toThrow(/cannot tell the account id/);
  });
});
