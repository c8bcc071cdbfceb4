import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluate } from '#functions/evaluator';
import { configChangeEvent, sqsBatch } from '#shared/local/events';
import { DynamoDbStateStore } from '#shared/state/dynamodb-state-store';
import {
  ACCOUNT,
  type LocalPipeline,
  localPipeline,
  REGION,
  securityGroupItem,
  uniqueGroupId,
} from '#test/integration/pipeline/harness';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts } from '#test/support/pipeline-stack';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';

const RULE = 'restricted-ssh';
const TOKEN = 'pipelineWebhookToken9';

interface SlackPayload {
  readonly text: string;
  readonly blocks: readonly { readonly type: string; readonly text?: { readonly text: string } }[];
}

describe('pipeline alerts: SNS + Slack (webhook URL in moto Secrets Manager), status changes only', () => {
  const endpoint = inject('motoEndpoint');
  let slack: SlackWebhookServer;
  let pipeline: LocalPipeline;
  let quiet: LocalPipeline;
  const hookPath = `/services/T0PIPE/B0PIPE/${TOKEN}`;

  beforeAll(async () => {
    slack = await startSlackWebhookServer();
    const secrets = new SecretsManagerClient(awsClientConfig(endpoint));
    const secretName = uniqueName('vigil-slack');
    const created = await secrets.send(
      new CreateSecretCommand({
        Name: secretName,
        SecretString: JSON.stringify({ url: `${slack.origin}${hookPath}` }),
      }),
    );
    secrets.destroy();
    // One deployment names the secret by ARN, the other by name and filters Slack to critical only.
    pipeline = await localPipeline(endpoint, 'vigil-alerts', {
      ENABLED_RULES: RULE,
      SLACK_WEBHOOK_SECRET_ID: created.ARN ?? '',
    });
    quiet = await localPipeline(endpoint, 'vigil-quiet', {
      ENABLED_RULES: RULE,
      SLACK_WEBHOOK_SECRET_ID: secretName,
      SLACK_ALERT_MIN_SEVERITY: 'critical',
    });
  });

  afterAll(async () => {
    pipeline?.close();
    quiet?.close();
    await slack?.close();
  });

  function slackPayloadsFor(groupId: string): SlackPayload[] {
    return (slack.payloads(hookPath) as SlackPayload[]).filter((payload) =>
      JSON.stringify(payload).includes(groupId),
    );
  }

  async function stateOf(target: LocalPipeline, groupId: string) {
    const store = new DynamoDbStateStore({
      client: new DynamoDBClient(awsClientConfig(endpoint)),
      table: target.stack.table,
    });
    const row = await store.get({
      accountId: ACCOUNT,
      region: REGION,
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: groupId,
    });
    return { row, rule: row?.rules[RULE] };
  }

  /** The group's item with a revision tag, so each sighting has new content (and is recorded, not attested). */
  function revision(groupId: string, captureTime: string, sshOpenToWorld: boolean, tag: string) {
    const item = securityGroupItem({ groupId, captureTime, sshOpenToWorld });
    return { ...item, tags: { ...(item.tags as Record<string, string>), revision: tag } };
  }

  describe('a group opened to the world, changed twice while still open, then closed', () => {
    const groupId = uniqueGroupId();
    const times = ['2026-11-20T09:00:00.000Z', '2026-11-20T10:00:00.000Z', '2026-11-20T11:00:00.000Z'];

    beforeAll(async () => {
      for (const [index, captureTime] of times.entries()) {
        const response = await evaluate(
          sqsBatch([configChangeEvent(revision(groupId, captureTime, true, String(index)))]),
          pipeline.runtime,
        );
        expect(response.batchItemFailures).toEqual([]);
      }
    });

    it('alerts once on SNS and once on Slack for the new failure', async () => {
      const sns = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
      expect(sns).toHaveLength(1);
      expect(sns[0]?.attributes).toMatchObject({ rule: RULE, severity: 'high', transition: 'NEW_FAILURE' });
      expect(sns[0]?.subject).toBe(`[Vigil] FAILING high: ${RULE} on bastion`);

      const payloads = slackPayloadsFor(groupId);
      expect(payloads).toHaveLength(1);
      expect(payloads[0]?.blocks[0]?.text?.text).toBe(
        ':large_orange_circle: Failing: Security groups do not allow SSH from the whole internet',
      );
      const text = JSON.stringify(payloads[0]);
      expect(text).toContain(`SecurityGroup:groupId=${groupId}`);
      expect(text).toContain('*How to fix*');
    });

    it('counts the two recorded repeats in the state row instead of alerting', async () => {
      const { row, rule } = await stateOf(pipeline, groupId);
      expect(row).toMatchObject({
        resourceName: 'bastion',
        arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:security-group/${groupId}`,
        version: 3,
      });
      expect(rule).toMatchObject({ compliance: 'NON_COMPLIANT', repeatCount: 2, sequence: 3 });
      expect(rule?.failingSince).toBeDefined();
      expect(rule?.lastSeenAt).toBe(rule?.evaluatedAt);
      expect(Date.parse(rule?.lastSeenAt ?? '')).toBeGreaterThanOrEqual(Date.parse(rule?.failingSince ?? ''));
    });

    it('attests an unchanged sighting without counting it or alerting (the row only moves its capture time)', async () => {
      const response = await evaluate(
        sqsBatch([configChangeEvent(revision(groupId, '2026-11-20T11:30:00.000Z', true, '2'))]),
        pipeline.runtime,
      );
      expect(response.batchItemFailures).toEqual([]);
      const { row, rule } = await stateOf(pipeline, groupId);
      expect(row?.version).toBe(4);
      expect(row?.captureTime).toBe('2026-11-20T11:30:00.000Z');
      expect(rule).toMatchObject({ repeatCount: 2, sequence: 3 });
      expect((await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId))).toEqual(
        [],
      );
    });

    it('sends a resolved message on both channels once the group is closed, and resets the counter', async () => {
      await evaluate(
        sqsBatch([configChangeEvent(revision(groupId, '2026-11-20T12:00:00.000Z', false, '3'))]),
        pipeline.runtime,
      );

      const sns = (await drainAlerts(pipeline.stack)).filter((alert) => alert.message.includes(groupId));
      expect(sns.map((alert) => alert.attributes.transition)).toEqual(['RESOLVED']);
      expect(sns[0]?.subject).toBe(`[Vigil] RESOLVED high: ${RULE} on bastion`);
      // The two repeats counted in the state row reach people once, with the resolution.
      expect(sns[0]?.message).toMatch(/\nHistory: {3}was failing since \S+ \(0 d\), seen 2 more times\n/);
      const payloads = slackPayloadsFor(groupId);
      expect(payloads.map((payload) => payload.blocks[0]?.text?.text)).toEqual([
        ':large_orange_circle: Failing: Security groups do not allow SSH from the whole internet',
        ':white_check_mark: Resolved: Security groups do not allow SSH from the whole internet',
      ]);
      expect(JSON.stringify(payloads[1])).toContain(', seen 2 more times');
      const { rule } = await stateOf(pipeline, groupId);
      expect(rule).toMatchObject({ compliance: 'COMPLIANT', repeatCount: 0 });
      expect(rule?.failingSince).toBeUndefined();
    });
  });

  it('leaves Slack out when its filter drops the alert, while SNS still gets it', async () => {
    const groupId = uniqueGroupId();
    await evaluate(
      sqsBatch([
        configChangeEvent(
          securityGroupItem({ groupId, captureTime: '2026-11-21T09:00:00.000Z', sshOpenToWorld: true }),
        ),
      ]),
      quiet.runtime,
    );

    const sns = (await drainAlerts(quiet.stack)).filter((alert) => alert.message.includes(groupId));
    expect(sns).toHaveLength(1);
    expect(slackPayloadsFor(groupId)).toEqual([]);
  });
});
