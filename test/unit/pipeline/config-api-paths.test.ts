import {
  BatchGetResourceConfigCommand,
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Alert, Notifier } from '#shared/alerts/alert';
import type { ConfigEvaluation } from '#shared/config-recorder/config-recorder';
import { SdkConfigRecorder } from '#shared/config-recorder/sdk-config-recorder';
import type { ResourceDescriber } from '#shared/describe/describer';
import { handleConfigRuleInvocation } from '#shared/pipeline/config-rule';
import { handlePipelineInput, type TriggerDeps } from '#shared/pipeline/triggers';
import { RuleEngine } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import type { ResourceState } from '#shared/state/compliance-state';
import { recorderPages } from '#shared/sweep/config-pages';
import { planSweep } from '#shared/sweep/planner';
import { drainMemorySweep, memorySweepDeps } from '#test/support/sweep';
import { memoryEvidence, memoryState, storedRecords } from './memory-ports';

/**
 * The Config API paths moto cannot serve: S3 bucket items from GetResourceConfigHistory /
 * BatchGetResourceConfig (moto's timestamps are not epoch numbers), PutEvaluations outside test mode, and
 * paging past one page.
 */

const ACCOUNT = '123456789012';
const config = mockClient(ConfigServiceClient);

/** An S3 bucket item as the Config API returns it (JSON strings, API field names, epoch Date). */
function apiBucketItem(name: string, versioning: 'Enabled' | 'Off') {
  return {
    version: '1.3',
    accountId: ACCOUNT,
    configurationItemCaptureTime: new Date('2026-11-22T10:00:00.000Z'),
    configurationItemStatus: 'OK' as const,
    configurationStateId: '1763805600000',
    configurationItemMD5Hash: '',
    arn: `arn:aws:s3:::${name}`,
    resourceType: 'AWS::S3::Bucket' as const,
    resourceId: name,
    resourceName: name,
    awsRegion: 'us-east-1',
    availabilityZone: 'Regional',
    tags: {},
    relationships: [],
    configuration: JSON.stringify({ name, owner: { id: 'abc' }, creationDate: '2026-01-01T00:00:00.000Z' }),
    supplementaryConfiguration: {
      BucketVersioningConfiguration: JSON.stringify({ status: versioning, isMfaDeleteEnabled: null }),
    },
  };
}

/** In-memory ports, enough to run the real orchestration without AWS. */
function memoryDeps(recorder: SdkConfigRecorder, ruleIds: readonly string[]) {
  const objects = new Map<string, string>();
  const rows = new Map<string, ResourceState>();
  const alerts: Alert[] = [];
  const evidence = memoryEvidence(objects, new Map());
  const state = memoryState(rows);
  const notifier: Notifier = { notify: async (alert) => void alerts.push(alert) };
  const describer: ResourceDescriber = {
    supportedTypes: [],
    describe: async () => {
      throw new Error('not expected');
    },
    listRefs: async () => [],
  };
  const deps: TriggerDeps = {
    engine: new RuleEngine(RULES.filter((rule) => ruleIds.includes(rule.id))),
    evidence,
    state,
    notifier,
    clock: () => new Date('2026-11-23T12:00:00.000Z'),
    recorder,
    describer,
    region: 'us-east-1',
  };
  return { deps, objects, alerts };
}

function evaluationsFor(count: number): ConfigEvaluation[] {
  return Array.from({ length: count }, (_, index) => ({
    resourceType: 'AWS::S3::Bucket',
    resourceId: `bucket-${index}`,
    compliance: 'COMPLIANT' as const,
    annotation: 'ok',
    orderingTimestamp: new Date('2026-11-22T10:00:00.000Z'),
  }));
}

describe('Config API paths of the pipeline (aws-sdk-client-mock)', () => {
  let recorder: SdkConfigRecorder;

  beforeEach(() => {
    config.reset();
    recorder = new SdkConfigRecorder({
      client: new ConfigServiceClient({ region: 'us-east-1' }),
      sleep: async () => {},
    });
  });

  it('fetches an oversized S3 bucket item with GetResourceConfigHistory(laterTime = capture time, limit 1)', async () => {
    config
      .on(GetResourceConfigHistoryCommand)
      .resolves({ configurationItems: [apiBucketItem('logs-raw', 'Off')] });
    const { deps, objects, alerts } = memoryDeps(recorder, ['s3-bucket-versioning-enabled']);
    const outcome = await handlePipelineInput(
      {
        kind: 'oversized',
        eventId: 'evt-1',
        ref: {
          accountId: ACCOUNT,
          region: 'us-east-1',
          resourceType: 'AWS::S3::Bucket',
          resourceId: 'logs-raw',
          captureTime: '2026-11-22T10:00:00.000Z',
        },
      },
      deps,
    );
    expect(config.commandCalls(GetResourceConfigHistoryCommand)[0]?.args[0].input).toEqual({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'logs-raw',
      laterTime: new Date('2026-11-22T10:00:00.000Z'),
      limit: 1,
    });
    expect(outcome.status).toBe('processed');
    const { findings } = storedRecords(objects);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.record).toMatchObject({
      compliance: 'NON_COMPLIANT',
      source: { trigger: 'config-oversized', eventId: 'evt-1' },
      configurationItem: { captureTime: '2026-11-22T10:00:00.000Z' },
    });
    expect(alerts.map((alert) => alert.transition)).toEqual(['NEW_FAILURE']);
  });

  it('reports a real result token without TestMode, 100 evaluations per call, and returns what Config refused', async () => {
    config
      .on(PutEvaluationsCommand)
      .resolves({})
      .on(PutEvaluationsCommand)
      .resolvesOnce({})
      .resolvesOnce({
        FailedEvaluations: [
          {
            ComplianceResourceType: 'AWS::S3::Bucket',
            ComplianceResourceId: 'bucket-120',
            ComplianceType: 'COMPLIANT',
            OrderingTimestamp: new Date('2026-11-22T10:00:00.000Z'),
          },
        ],
      });
    const refused = await recorder.putEvaluations('real-token', evaluationsFor(150));
    const calls = config.commandCalls(PutEvaluationsCommand).map((call) => call.args[0].input);
    expect(calls.map((input) => input.Evaluations?.length)).toEqual([100, 50]);
    expect(calls.every((input) => input.TestMode === undefined && input.ResultToken === 'real-token')).toBe(
      true,
    );
    expect(refused.map((evaluation) => evaluation.resourceId)).toEqual(['bucket-120']);
  });

  it('a Config rule invocation reports its folded verdict through PutEvaluations', async () => {
    config.on(PutEvaluationsCommand).resolves({});
    const { deps } = memoryDeps(recorder, ['s3-bucket-versioning-enabled']);
    const item = {
      ...apiBucketItem('app-data', 'Enabled'),
      awsAccountId: ACCOUNT,
      ARN: 'arn:aws:s3:::app-data',
      configurationItemCaptureTime: '2026-11-22T10:00:00.000Z',
      configuration: { name: 'app-data' },
      supplementaryConfiguration: { BucketVersioningConfiguration: { status: 'Enabled' } },
    };
    const outcome = await handleConfigRuleInvocation(
      {
        invokingEvent: JSON.stringify({
          messageType: 'ConfigurationItemChangeNotification',
          configurationItem: item,
        }),
        ruleParameters: '{}',
        resultToken: 'token-1',
        configRuleName: 'vigil-s3-bucket-versioning-enabled',
        accountId: ACCOUNT,
      },
      deps,
    );
    expect(outcome.refused).toEqual([]);
    const [input] = config.commandCalls(PutEvaluationsCommand).map((call) => call.args[0].input);
    expect(input?.Evaluations).toEqual([
      expect.objectContaining({
        ComplianceResourceType: 'AWS::S3::Bucket',
        ComplianceResourceId: 'app-data',
        ComplianceType: 'COMPLIANT',
        OrderingTimestamp: new Date('2026-11-22T10:00:00.000Z'),
      }),
    ]);
  });

  it('pages ListDiscoveredResources and batch-gets in chunks of 100 during a Config-sourced sweep', async () => {
    const names = Array.from({ length: 130 }, (_, index) => `bucket-${String(index).padStart(3, '0')}`);
    config
      .on(ListDiscoveredResourcesCommand)
      .resolvesOnce({
        resourceIdentifiers: names
          .slice(0, 100)
          .map((id) => ({ resourceType: 'AWS::S3::Bucket', resourceId: id })),
        nextToken: 'page-2',
      })
      .resolvesOnce({
        resourceIdentifiers: names
          .slice(100)
          .map((id) => ({ resourceType: 'AWS::S3::Bucket', resourceId: id })),
      });
    config
      .on(BatchGetResourceConfigCommand)
      .callsFake(async (input: { resourceKeys: { resourceId: string }[] }) => ({
        baseConfigurationItems: input.resourceKeys.map((key) => apiBucketItem(key.resourceId, 'Enabled')),
      }));
    const { deps: pipeline, objects } = memoryDeps(recorder, ['s3-bucket-versioning-enabled']);
    const deps = { ...memorySweepDeps(pipeline), configPages: recorderPages(() => recorder) };
    const planned = await planSweep(deps, {
      sweepId: 'config-sweep',
      startedAt: '2026-11-23T12:00:00.000Z',
      source: 'config',
      accounts: [ACCOUNT],
      regions: ['us-east-1'],
      resourceTypes: ['AWS::S3::Bucket'],
    });
    const drained = await drainMemorySweep(deps);
    expect(drained.pageErrors).toEqual([]);
    // Two pages of one shard, each judged by its own worker invocation, the second queued by the first.
    expect(drained.reports.map((report) => [report.page.page, report.items])).toEqual([
      [0, 100],
      [1, 30],
    ]);
    expect((await deps.sweeps.status(planned.sweepId))?.sweep).toMatchObject({
      status: 'complete',
      items: 130,
      evaluations: 130,
      failures: 0,
    });
    const lists = config.commandCalls(ListDiscoveredResourcesCommand).map((call) => call.args[0].input);
    expect(lists.map((input) => input.nextToken)).toEqual([undefined, 'page-2']);
    const batches = config.commandCalls(BatchGetResourceConfigCommand).map((call) => call.args[0].input);
    expect(batches.map((input) => input.resourceKeys?.length)).toEqual([100, 30]);
    // One batch object per chunk of 100, holding one finding per bucket.
    expect(objects.size).toBe(2);
    const { findings } = storedRecords(objects);
    expect(new Set(findings.map(({ record }) => record.resource.resourceId)).size).toBe(130);
    expect(findings).toHaveLength(130);
  });

  it('takes the account public access block from Config on PutAccountPublicAccessBlock (no describer for it)', async () => {
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          version: '1.3',
          accountId: ACCOUNT,
          configurationItemCaptureTime: new Date('2026-11-23T09:30:00.000Z'),
          configurationItemStatus: 'OK',
          resourceType: 'AWS::S3::AccountPublicAccessBlock',
          resourceId: ACCOUNT,
          awsRegion: 'us-east-1',
          configuration: JSON.stringify({
            blockPublicAcls: true,
            ignorePublicAcls: true,
            blockPublicPolicy: false,
            restrictPublicBuckets: false,
          }),
          supplementaryConfiguration: {},
        },
      ],
    });
    const { deps, objects } = memoryDeps(recorder, ['s3-account-level-public-access-blocks-periodic']);
    const outcome = await handlePipelineInput(
      {
        kind: 'cloudtrail',
        eventId: 'evt-pab',
        accountId: ACCOUNT,
        record: {
          eventID: 'e1',
          eventTime: '2026-11-23T09:30:00Z',
          eventSource: 's3.amazonaws.com',
          eventName: 'PutAccountPublicAccessBlock',
          awsRegion: 'us-east-1',
          recipientAccountId: ACCOUNT,
          requestParameters: { 'x-amz-account-id': ACCOUNT },
        },
      },
      deps,
    );
    expect(outcome.status).toBe('processed');
    expect(config.commandCalls(GetResourceConfigHistoryCommand)[0]?.args[0].input).toMatchObject({
      resourceType: 'AWS::S3::AccountPublicAccessBlock',
      resourceId: ACCOUNT,
    });
    const { findings } = storedRecords(objects);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.record).toMatchObject({
      ruleId: 's3-account-level-public-access-blocks-periodic',
      compliance: 'NON_COMPLIANT',
      source: { trigger: 'cloudtrail' },
    });
  });

  it('retries the keys BatchGetResourceConfig left unprocessed', async () => {
    config
      .on(BatchGetResourceConfigCommand)
      .resolvesOnce({
        baseConfigurationItems: [apiBucketItem('a', 'Enabled')],
        unprocessedResourceKeys: [{ resourceType: 'AWS::S3::Bucket', resourceId: 'b' }],
      })
      .resolvesOnce({ baseConfigurationItems: [apiBucketItem('b', 'Off')] });
    const items = await recorder.batchGet([
      { resourceType: 'AWS::S3::Bucket', resourceId: 'a' },
      { resourceType: 'AWS::S3::Bucket', resourceId: 'b' },
    ]);
    expect(items.map((item) => item.resourceId)).toEqual(['a', 'b']);
    expect(config.commandCalls(BatchGetResourceConfigCommand)[1]?.args[0].input.resourceKeys).toEqual([
      { resourceType: 'AWS::S3::Bucket', resourceId: 'b' },
    ]);
  });
});
