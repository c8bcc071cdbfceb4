import { Names, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptUniqueId, transparentToLogicalIds, uniqueIdOfPath } from '#infra/constructs/logical-ids';
import { readSettings } from '#infra/settings';
import { VigilStack } from '#infra/vigil-stack';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import { logicalIdOf, resourcesOf, testApp } from '#test/infra/support';

/**
 * The logical ids the `Vigil` stack's resources had before ComplianceMonitor was composed of sub-constructs
 * (synthesized from main at 519b5e7), and those of the sharded sweep's since it was added. A different logical id makes CloudFormation create a new resource and
 * delete the old one: a second evidence bucket and key (the old ones retained, orphaned), a new break-glass
 * role that both key policies would have to name (kms:PutKeyPolicy, which their deny refuses), log groups
 * split in two, and updates that fail outright for a named SSM parameter or a second event source mapping
 * of the same queue and function. Never change one of these without a migration plan.
 */
const PINNED: readonly (readonly [string, (stack: VigilStack) => IConstruct, string])[] = [
  ['the evidence key', (stack) => stack.monitor.key, 'MonitorKey4247C083'],
  ['the digest signing key', (stack) => stack.monitor.digestSigningKey, 'MonitorDigestSigningKey0585A806'],
  ['the evidence bucket', (stack) => stack.monitor.evidenceBucket, 'MonitorEvidence2A874889'],
  ['the access-log bucket', (stack) => stack.monitor.accessLogBucket, 'MonitorAccessLogs8A46A9FA'],
  ['the state table', (stack) => stack.monitor.stateTable, 'MonitorStateD3841283'],
  [
    "the evidence bucket's policy",
    (stack) => stack.monitor.evidenceBucket.policy ?? stack,
    'MonitorEvidencePolicy0AFA2AB6',
  ],
  [
    "the access-log bucket's policy",
    (stack) => stack.monitor.accessLogBucket.policy ?? stack,
    'MonitorAccessLogsPolicy32BDC292',
  ],
  [
    'the break-glass role',
    (stack) => stack.monitor.breakGlassRole ?? stack,
    'MonitorProtectionBreakGlassRole1F7402E4',
  ],
  ['the change queue', (stack) => stack.monitor.changeQueue, 'MonitorChangeQueue105A08C1'],
  [
    'the change dead-letter queue',
    (stack) => stack.monitor.changeDeadLetterQueue,
    'MonitorChangeDeadLetterQueue150AEBE4',
  ],
  ['the remediation queue', (stack) => stack.monitor.remediationQueue, 'MonitorRemediationQueue767E897A'],
  [
    'the remediation dead-letter queue',
    (stack) => stack.monitor.remediationDeadLetterQueue,
    'MonitorRemediationDeadLetterQueueC272260B',
  ],
  ["the evaluator's log group", (stack) => stack.monitor.evaluator.logGroup, 'MonitorEvaluatorLogs0953BA70'],
  ["the sweep's log group", (stack) => stack.monitor.sweep.logGroup, 'MonitorSweepLogs6DE7E8AB'],
  [
    "the config-rule function's log group",
    (stack) => stack.monitor.configRuleFunction.logGroup,
    'MonitorConfigRuleHandlerLogs4C40ACF6',
  ],
  [
    "the remediation function's log group",
    (stack) => stack.monitor.remediate.logGroup,
    'MonitorRemediateLogs16904BA3',
  ],
  ["the export's log group", (stack) => stack.monitor.exporter.logGroup, 'MonitorExportLogs02B55B88'],
  ["the sealer's log group", (stack) => stack.monitor.sealDigests.logGroup, 'MonitorSealDigestsLogsB8A6C295'],
  [
    "the daily digest's log group",
    (stack) => stack.monitor.dailyDigest.logGroup,
    'MonitorDailyDigestLogsCFD2BFB7',
  ],
  [
    "the acceptance expiry job's log group",
    (stack) => stack.monitor.acceptances.expiry.logGroup,
    'MonitorAcceptanceExpiryLogsD74734D7',
  ],
  [
    "the sweep worker's log group",
    (stack) => stack.monitor.sweepWorker.logGroup,
    'MonitorSweepWorkerLogs6057C1CA',
  ],
  ['the sweep queue', (stack) => stack.monitor.sweepQueue, 'MonitorSweepShardQueueEF9D7F24'],
  [
    "the Slack approval endpoint's log group",
    (stack) => stack.monitor.approvals.slackFunction.logGroup,
    'MonitorApprovalSlackLogs63B7765C',
  ],
  [
    "the CLI approval endpoint's log group",
    (stack) => stack.monitor.approvals.cliFunction.logGroup,
    'MonitorApprovalCliLogs351E5208',
  ],
  [
    "the approval expiry's log group",
    (stack) => stack.monitor.approvals.expiryFunction.logGroup,
    'MonitorApprovalExpiryLogs8A0D4541',
  ],
  // A new logical id is a new URL: the Slack app's Request URL and every `vigil remediation --url` break.
  [
    'the Slack interactivity URL',
    (stack) => stack.monitor.approvals.slackUrl ?? stack,
    'MonitorApprovalSlackFunctionFunctionUrl98FDA80F',
  ],
  [
    'the CLI approval URL',
    (stack) => stack.monitor.approvals.cliUrl,
    'MonitorApprovalCliFunctionFunctionUrlCB110BF0',
  ],
  [
    'the sweep dead-letter queue',
    (stack) => stack.monitor.sweepDeadLetterQueue,
    'MonitorSweepShardDeadLetterQueueA9B13F07',
  ],
];

/** The event source mappings, by the queue they read (Lambda refuses a second mapping of a queue to a function). */
const PINNED_MAPPINGS: readonly (readonly [string, (stack: VigilStack) => IConstruct, string])[] = [
  [
    'change queue → evaluator',
    (stack) => stack.monitor.changeQueue,
    'MonitorEvaluatorFunctionSqsEventSourceVigilMonitorChangeQueue87436810B9E6BD64',
  ],
  [
    'remediation queue → remediate',
    (stack) => stack.monitor.remediationQueue,
    'MonitorRemediateFunctionSqsEventSourceVigilMonitorRemediationQueue1E71049617E5783F',
  ],
  [
    'sweep queue → sweep worker',
    (stack) => stack.monitor.sweepQueue,
    'MonitorSweepWorkerFunctionSqsEventSourceVigilMonitorSweepShardQueueB1B8CD9D382509CE',
  ],
];

/** The SSM parameters' logical ids; they carry fixed names, so a new logical id fails the update. */
const PINNED_PARAMETERS: Readonly<Record<string, string>> = {
  's3-bucket-level-public-access-prohibited':
    'MonitorRemediationModeS3BucketLevelPublicAccessProhibited79A1248F',
  's3-bucket-ssl-requests-only': 'MonitorRemediationModeS3BucketSslRequestsOnly276359F6',
  's3-bucket-server-side-encryption-enabled':
    'MonitorRemediationModeS3BucketServerSideEncryptionEnabled0109BB89',
  's3-bucket-versioning-enabled': 'MonitorRemediationModeS3BucketVersioningEnabled2A2DA171',
  'cw-loggroup-retention-period-check': 'MonitorRemediationModeCwLoggroupRetentionPeriodCheck6D30B5EE',
  'cmk-backing-key-rotation-enabled': 'MonitorRemediationModeCmkBackingKeyRotationEnabled05A5DE43',
  'ec2-imdsv2-check': 'MonitorRemediationModeEc2Imdsv2CheckE18BF13A',
  'restricted-ssh': 'MonitorRemediationModeRestrictedSsh8ABF367B',
  'rds-instance-public-access-check': 'MonitorRemediationModeRdsInstancePublicAccessCheck97534F23',
  'vpc-flow-logs-enabled': 'MonitorRemediationModeVpcFlowLogsEnabled449120E1',
};

describe('the Vigil stack keeps the logical ids of its stateful and named resources', () => {
  let stack: VigilStack;
  let template: Template;
  beforeAll(() => {
    const app = testApp();
    stack = new VigilStack(app, 'Vigil', { settings: readSettings(app.node) });
    template = Template.fromStack(stack);
  });

  it.each(PINNED)('%s', (_name, construct, logicalId) => {
    expect(logicalIdOf(stack, construct(stack))).toBe(logicalId);
    expect(template.toJSON().Resources[logicalId]).toBeDefined();
  });

  it.each(PINNED_MAPPINGS)('the event source mapping %s', (_name, queue, logicalId) => {
    const mapping = resourcesOf(template, 'AWS::Lambda::EventSourceMapping')[logicalId];
    expect(mapping?.Properties.EventSourceArn).toEqual({
      'Fn::GetAtt': [logicalIdOf(stack, queue(stack)), 'Arn'],
    });
  });

  it('every remediation mode parameter', () => {
    expect(Object.keys(PINNED_PARAMETERS).sort()).toEqual([...REMEDIABLE_RULE_IDS].sort());
    for (const [ruleId, logicalId] of Object.entries(PINNED_PARAMETERS)) {
      const parameter = stack.monitor.remediationModeParameters[ruleId];
      expect(parameter && logicalIdOf(stack, parameter), ruleId).toBe(logicalId);
    }
  });

  it('pins every retained, named or mapping resource of the template (a new one is pinned on purpose)', () => {
    const pinned = new Set([
      ...PINNED.map(([, , id]) => id),
      ...PINNED_MAPPINGS.map(([, , id]) => id),
      ...Object.values(PINNED_PARAMETERS),
    ]);
    const needsPin = Object.entries(template.toJSON().Resources as Record<string, Record<string, unknown>>)
      .filter(
        ([, resource]) =>
          resource.DeletionPolicy === 'Retain' ||
          ['AWS::SSM::Parameter', 'AWS::Lambda::EventSourceMapping', 'AWS::S3::BucketPolicy'].includes(
            String(resource.Type),
          ),
      )
      .map(([id]) => id);
    expect(needsPin.filter((id) => !pinned.has(id))).toEqual([]);
  });
});

describe('transparent sub-constructs', () => {
  it('compute ids the way CDK does', () => {
    const stack = new Stack(testApp(), 'Ids');
    const outer = new Construct(stack, 'Outer-Part');
    const bucket = new s3.Bucket(new Construct(outer, 'Default'), 'Resource');
    expect(uniqueIdOfPath(['Ids', 'Outer-Part', 'Default', 'Resource'])).toBe(Names.uniqueId(bucket));
    expect(uniqueIdOfPath(['Only'])).toBe('Only');
  });

  it('leave a resource the logical id it had as a child of their scope, and its unique id too', () => {
    const before = new Stack(testApp(), 'Ids');
    const direct = new sqs.Queue(new Construct(before, 'Monitor'), 'ChangeQueue');
    const after = new Stack(testApp(), 'Ids');
    const part = new Construct(new Construct(after, 'Monitor'), 'Ingestion');
    transparentToLogicalIds(part);
    const nested = new sqs.Queue(part, 'ChangeQueue');
    Template.fromStack(before);
    Template.fromStack(after);
    expect(logicalIdOf(after, nested)).toBe(logicalIdOf(before, direct));
    expect(keptUniqueId(nested)).toBe(Names.nodeUniqueId(direct.node));
  });

  it('fail the synth when two parts give their children the same id', () => {
    const stack = new Stack(testApp(), 'Ids');
    for (const name of ['A', 'B']) {
      const part = new Construct(stack, name);
      transparentToLogicalIds(part);
      new sqs.Queue(part, 'Queue');
    }
    expect(() => Template.fromStack(stack)).toThrow(/already contains 'Queue/);
  });
});
