import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { DIGESTS_PREFIX } from '#shared/evidence/digest';
import { FINDINGS_PREFIX } from '#shared/evidence/finding';
import { DEFAULT_FRAMEWORK_ID } from '#shared/frameworks/framework';
import { parseFrameworkIds, UnknownFrameworkError } from '#shared/frameworks/registry';
import { REMEDIATIONS_PREFIX } from '#shared/remediations/record';
import { InfraConfigError } from '../errors';
import {
  grantAlertPublish,
  grantEvidencePut,
  grantEvidenceRead,
  grantEvidenceVersionsRead,
  grantKeyUse,
  grantRegisterRead,
} from '../grants';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import type { EvidenceStore } from './evidence-store';
import { transparentToLogicalIds } from './logical-ids';
import { acknowledgeWorkerFindings } from './nag';

/** Key prefix of the export bundles in the evidence bucket. */
export const EXPORTS_PREFIX = 'exports/';

/** Properties of {@link EvidenceJobs}. */
export interface EvidenceJobsProps {
  readonly store: EvidenceStore;
  readonly alertTopic: sns.ITopic;
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
  /** When the export bundles the previous month's evidence. */
  readonly exportSchedule: events.Schedule;
  /** Frameworks the scheduled export shows, validated short ids. */
  readonly exportFrameworks: readonly string[];
  /** When the daily digest of open failures goes out. */
  readonly dailyDigestSchedule: events.Schedule;
}

/**
 * The `exportFrameworks` prop as short ids, each once (SOC 2 when not given).
 * @throws InfraConfigError naming the unknown id and the valid ones, so a typo fails the synth.
 */
export function exportFrameworkIds(values: readonly string[] | undefined): string[] {
  if (values === undefined) return [DEFAULT_FRAMEWORK_ID];
  try {
    return parseFrameworkIds(values);
  } catch (error) {
    if (!(error instanceof UnknownFrameworkError)) throw error;
    throw new InfraConfigError(`exportFrameworks: ${error.message}`, { cause: error });
  }
}

/** Runs `fn` on `schedule`, retrying twice and keeping failed events in the function's dead-letter queue. */
export function scheduled(
  scope: Construct,
  id: string,
  fn: VigilFunction,
  props: { readonly description: string; readonly schedule: events.Schedule; readonly maxEventAge: Duration },
): events.Rule {
  return new events.Rule(scope, id, {
    description: props.description,
    schedule: props.schedule,
    targets: [
      new targets.LambdaFunction(fn.function, {
        retryAttempts: 2,
        maxEventAge: props.maxEventAge,
        deadLetterQueue: fn.deadLetterQueue,
      }),
    ],
  });
}

/**
 * The scheduled work on the evidence itself: the hourly sealer of signed digests, the monthly export for
 * auditors (also on demand) and the daily digest of open failures, each with its schedule and only the
 * access it needs. Transparent to logical ids.
 */
export class EvidenceJobs extends Construct {
  /** Bundles evidence for auditors, monthly and on demand. */
  readonly exporter: VigilFunction;
  /** The export's monthly schedule. */
  readonly exportRule: events.Rule;
  /** Seals each hour of findings into a signed, locked digest. */
  readonly sealDigests: VigilFunction;
  /** The sealer's hourly schedule. */
  readonly sealRule: events.Rule;
  /** Sends the daily summary of open failures. */
  readonly dailyDigest: VigilFunction;
  /** The daily digest's schedule. */
  readonly dailyDigestRule: events.Rule;

  constructor(scope: Construct, id: string, props: EvidenceJobsProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    const { store } = props;
    const signingKeyArn = store.digestSigningKey.keyArn;

    this.exporter = new VigilFunction(this, 'Export', {
      entry: 'functions/export.ts',
      description: 'Vigil: bundles a period of evidence for auditors (monthly, or on demand with {from, to})',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: Duration.minutes(15),
      memorySize: 1024,
      logRetention: props.logRetention,
      // The manifest signer: bundles carry the digest signing public key, so auditors verify them offline.
      environment: {
        EXPORT_PREFIX: EXPORTS_PREFIX,
        DIGEST_SIGNING_KEY_ID: signingKeyArn,
        EXPORT_FRAMEWORKS: props.exportFrameworks.join(','),
      },
    });
    grantEvidenceRead(this.exporter.role, store.evidenceBucket, [
      FINDINGS_PREFIX,
      DIGESTS_PREFIX,
      REMEDIATIONS_PREFIX,
      // The risk-acceptance register chain, copied into every bundle.
      ACCEPTANCES_PREFIX,
    ]);
    // The bundle copies each object version a digest lists, read by its version id.
    iam.Grant.addToPrincipal({
      grantee: this.exporter.role,
      actions: ['s3:GetObjectVersion'],
      resourceArns: [FINDINGS_PREFIX, REMEDIATIONS_PREFIX].map((prefix) =>
        store.evidenceBucket.arnForObjects(`${prefix}*`),
      ),
    });
    grantEvidencePut(this.exporter.role, store.evidenceBucket, [EXPORTS_PREFIX]);
    grantKeyUse(this.exporter.role, store.key);
    acknowledgeWorkerFindings(this.exporter, store.evidenceBucket, [
      FINDINGS_PREFIX,
      DIGESTS_PREFIX,
      REMEDIATIONS_PREFIX,
      EXPORTS_PREFIX,
      ACCEPTANCES_PREFIX,
    ]);
    this.exportRule = scheduled(this, 'ExportSchedule', this.exporter, {
      description: 'Vigil: monthly evidence export of the previous calendar month',
      schedule: props.exportSchedule,
      maxEventAge: Duration.hours(6),
    });

    this.sealDigests = new VigilFunction(this, 'SealDigests', {
      entry: 'functions/seal-digests.ts',
      description: 'Vigil: seals each complete hour of findings into a signed, locked digest',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
      environment: { DIGEST_SIGNING_KEY_ID: signingKeyArn },
    });
    grantEvidencePut(this.sealDigests.role, store.evidenceBucket, [DIGESTS_PREFIX]);
    grantEvidenceRead(this.sealDigests.role, store.evidenceBucket, [DIGESTS_PREFIX]);
    // Each hour's digest lists the object versions written under findings/ and remediations/ that hour.
    grantEvidenceVersionsRead(this.sealDigests.role, store.evidenceBucket, [
      FINDINGS_PREFIX,
      REMEDIATIONS_PREFIX,
    ]);
    iam.Grant.addToPrincipal({
      grantee: this.sealDigests.role,
      // The digest chain head: GetItem, and a PutItem that never moves it backwards.
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
      resourceArns: [store.stateTable.tableArn],
    });
    grantKeyUse(this.sealDigests.role, store.key);
    for (const signer of [this.sealDigests, this.exporter]) {
      iam.Grant.addToPrincipal({
        grantee: signer.role,
        actions: ['kms:Sign', 'kms:GetPublicKey', 'kms:DescribeKey'],
        resourceArns: [signingKeyArn],
      });
    }
    acknowledgeWorkerFindings(this.sealDigests, store.evidenceBucket, [
      DIGESTS_PREFIX,
      FINDINGS_PREFIX,
      REMEDIATIONS_PREFIX,
    ]);
    this.sealRule = scheduled(this, 'SealSchedule', this.sealDigests, {
      description: 'Vigil: hourly sealing of evidence digests',
      schedule: events.Schedule.rate(Duration.hours(1)),
      maxEventAge: Duration.hours(1),
    });

    this.dailyDigest = new VigilFunction(this, 'DailyDigest', {
      entry: 'functions/daily-digest.ts',
      description: 'Vigil: daily summary of open failures by SOC 2 criterion (SNS and Slack)',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
    });
    iam.Grant.addToPrincipal({
      grantee: this.dailyDigest.role,
      // Reads every state row (Scan); writes nothing to the table.
      actions: ['dynamodb:Scan'],
      resourceArns: [store.stateTable.tableArn],
    });
    // Failures under an acceptance in force are set aside: it reads the register (and may not write it).
    grantRegisterRead(this.dailyDigest.role, store.stateTable);
    grantAlertPublish(this.dailyDigest.role, props.alertTopic);
    grantKeyUse(this.dailyDigest.role, store.key);
    this.dailyDigestRule = scheduled(this, 'DailyDigestSchedule', this.dailyDigest, {
      description: 'Vigil: daily digest of open failures',
      schedule: props.dailyDigestSchedule,
      maxEventAge: Duration.hours(2),
    });
    Validations.of(this.dailyDigest.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only X-Ray PutTraceSegments/PutTelemetryRecords (active tracing), which have no resource-level permissions.',
    });
  }
}
