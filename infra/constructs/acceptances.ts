import { Duration, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ACCEPTANCES_PREFIX } from '#shared/acceptances/register-chain';
import { grantAlertPublish, grantKeyUse, grantRegisterWrite } from '../grants';
import { VigilFunction, type VigilRuntimeSettings } from '../vigil-function';
import { scheduled } from './evidence-jobs';
import type { EvidenceStore } from './evidence-store';
import { keptLogicalId, transparentToLogicalIds } from './logical-ids';
import { acknowledgeWorkerFindings } from './nag';

/** Properties of {@link Acceptances}. */
export interface AcceptancesProps {
  readonly store: EvidenceStore;
  readonly alertTopic: sns.ITopic;
  readonly settings: VigilRuntimeSettings;
  readonly logRetention: RetentionDays;
}

/**
 * The risk-acceptance register's writers: the hourly expiry job (warns owners, lapses ended acceptances,
 * re-alerts) and the `AcceptanceAdmin` role that `vigil accept` / `vigil revoke` run as (assumable from this
 * account with MFA). Both may change only the register: the `ACCEPTANCES` partition of the state table and
 * `acceptances/` of the evidence bucket. Transparent to logical ids.
 */
export class Acceptances extends Construct {
  /** The hourly expiry job. */
  readonly expiry: VigilFunction;
  /** Its schedule. */
  readonly expiryRule: events.Rule;
  /** The role people assume to run `vigil accept` and `vigil revoke`. */
  readonly adminRole: iam.Role;

  constructor(scope: Construct, id: string, props: AcceptancesProps) {
    super(scope, id);
    transparentToLogicalIds(this);
    const { store } = props;

    this.expiry = new VigilFunction(this, 'AcceptanceExpiry', {
      entry: 'functions/acceptance-expiry.ts',
      description: 'Vigil: warns risk-acceptance owners before expiry, lapses ended acceptances, re-alerts',
      settings: props.settings,
      encryptionKey: store.key,
      timeout: Duration.minutes(5),
      logRetention: props.logRetention,
    });
    grantRegisterWrite(this.expiry.role, store.stateTable, store.evidenceBucket);
    iam.Grant.addToPrincipal({
      grantee: this.expiry.role,
      // Open failures (the daily digest's Scan), only in runs that close an acceptance.
      actions: ['dynamodb:Scan'],
      resourceArns: [store.stateTable.tableArn],
    });
    grantAlertPublish(this.expiry.role, props.alertTopic);
    grantKeyUse(this.expiry.role, store.key);
    acknowledgeWorkerFindings(this.expiry, store.evidenceBucket, [ACCEPTANCES_PREFIX]);
    this.expiryRule = scheduled(this, 'AcceptanceExpirySchedule', this.expiry, {
      description: 'Vigil: hourly risk-acceptance expiry warnings and lapses',
      schedule: events.Schedule.rate(Duration.hours(1)),
      maxEventAge: Duration.hours(1),
    });

    this.adminRole = new iam.Role(this, 'AcceptanceAdminRole', {
      description: 'Vigil: records and revokes risk acceptances (vigil accept / vigil revoke); MFA required',
      assumedBy: new iam.AccountRootPrincipal().withConditions({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      }),
      maxSessionDuration: Duration.hours(1),
    });
    grantRegisterWrite(this.adminRole, store.stateTable, store.evidenceBucket);
    grantKeyUse(this.adminRole, store.key);
    const bucket = store.evidenceBucket.node.defaultChild;
    if (bucket instanceof s3.CfnBucket) {
      Validations.of(this.adminRole).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${keptLogicalId(bucket)}.Arn>/${ACCEPTANCES_PREFIX}*]`,
        reason:
          'Register change keys are numbered at write time; access is limited to the acceptances/ prefix.',
      });
    }
  }
}
