import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { evaluateConfigRule } from '#functions/config-rule';
import { evaluate } from '#functions/evaluator';
import { TEST_MODE_RESULT_TOKEN } from '#shared/config-recorder/sdk-config-recorder';
import { configRuleInvocation, oversizedChangeEvent, sqsBatch } from '#shared/local/events';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { drainAlerts } from '#test/support/pipeline-stack';
import {
  ACCOUNT,
  findingsOf,
  type LocalPipeline,
  localPipeline,
  REGION,
  securityGroupItem,
  uniqueGroupId,
} from './harness';

const TOPIC_RULE = 'sns-encrypted-kms';

/**
 * moto's Config answers GetResourceConfigHistory for S3 buckets, the account public access block, IAM roles
 * and policies and SNS topics, but only SNS topic items carry epoch timestamps SDK v3 can read (the others
 * hold Python date strings the SDK refuses), so the oversized path runs here on SNS topics; the S3 path
 * is covered with aws-sdk-client-mock in test/unit/pipeline/config-api-paths.test.ts.
 */
describe('oversized Config change events (moto GetResourceConfigHistory)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  let topicArn = '';
  let sns: SNSClient;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-over', { ENABLED_RULES: TOPIC_RULE });
    sns = new SNSClient(awsClientConfig(endpoint));
    const topic = await sns.send(new CreateTopicCommand({ Name: uniqueName('vigil-oversized-topic') }));
    topicArn = topic.TopicArn ?? '';
  });

  afterAll(() => {
    sns?.destroy();
    pipeline?.close();
  });

  it('fetches the item Config left out of the event and judges it like a full item', async () => {
    const event = oversizedChangeEvent({
      accountId: ACCOUNT,
      region: REGION,
      resourceType: 'AWS::SNS::Topic',
      resourceId: topicArn,
      captureTime: new Date().toISOString(),
    });
    const response = await evaluate(sqsBatch([event]), pipeline.runtime);
    expect(response.batchItemFailures).toEqual([]);

    const findings = await findingsOf(pipeline, topicArn);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: TOPIC_RULE,
      compliance: 'NON_COMPLIANT',
      source: { trigger: 'config-oversized', eventId: event.id },
      resource: { resourceType: 'AWS::SNS::Topic', resourceId: topicArn },
    });
    const alerts = await drainAlerts(pipeline.stack);
    expect(alerts.filter((alert) => alert.attributes.rule === TOPIC_RULE)).toHaveLength(1);
  });

  it('acknowledges an oversized event for a resource Config has not recorded, writing nothing', async () => {
    const ghost = `${topicArn}-gone`;
    const event = oversizedChangeEvent({
      accountId: ACCOUNT,
      region: REGION,
      resourceType: 'AWS::SNS::Topic',
      resourceId: ghost,
      captureTime: new Date().toISOString(),
    });
    const response = await evaluate(sqsBatch([event]), pipeline.runtime);
    expect(response.batchItemFailures).toEqual([]);
    expect(await findingsOf(pipeline, ghost)).toEqual([]);
  });
});

describe('Config custom rule invocations (moto PutEvaluations in test mode)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-rule');
  });

  afterAll(() => pipeline?.close());

  it('records the finding and reports the folded verdict back to Config', async () => {
    const groupId = uniqueGroupId();
    const captureTime = '2026-11-20T12:00:00.000Z';
    const outcome = await evaluateConfigRule(
      configRuleInvocation({
        configurationItem: securityGroupItem({ groupId, captureTime, sshOpenToWorld: true }),
        configRuleName: 'vigil-restricted-ssh',
        resultToken: TEST_MODE_RESULT_TOKEN,
      }),
      pipeline.runtime,
    );
    expect(outcome?.reported).toEqual([
      expect.objectContaining({
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: groupId,
        compliance: 'NON_COMPLIANT',
        orderingTimestamp: new Date(captureTime),
      }),
    ]);
    expect(outcome?.refused).toEqual([]);
    const findings = await findingsOf(pipeline, groupId);
    // Only the rule the Config rule is named after ran, not the whole catalog.
    expect(findings.map((finding) => finding.ruleId)).toEqual(['restricted-ssh']);
    expect(findings[0]?.source.trigger).toBe('config-rule');
  });

  it('reports NOT_APPLICABLE for a resource that left the rule scope', async () => {
    const groupId = uniqueGroupId();
    const outcome = await evaluateConfigRule(
      configRuleInvocation({
        configurationItem: securityGroupItem({
          groupId,
          captureTime: '2026-11-20T13:00:00.000Z',
          sshOpenToWorld: true,
        }),
        configRuleName: 'vigil-restricted-ssh',
        resultToken: TEST_MODE_RESULT_TOKEN,
        eventLeftScope: true,
      }),
      pipeline.runtime,
    );
    expect(outcome?.reported.map((evaluation) => evaluation.compliance)).toEqual(['NOT_APPLICABLE']);
  });

  it('rejects a malformed invocation without throwing (no Lambda retry)', async () => {
    const outcome = await evaluateConfigRule(
      { invokingEvent: '{not json', resultToken: 'x' },
      pipeline.runtime,
    );
    expect(outcome).toBeUndefined();
  });
});
