import {
  DisableEbsEncryptionByDefaultCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
} from '@aws-sdk/client-ec2';
import {
  CreateDetectorCommand,
  DeleteDetectorCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  DeleteAccountPasswordPolicyCommand,
  IAMClient,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  DisableSecurityHubCommand,
  EnableSecurityHubCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Finding } from '#shared/evidence/finding';
import { awsClientConfig } from '#test/support/moto';
import {
  ACCOUNT,
  chainOf,
  chainProblems,
  cloudTrailCaller,
  type LocalPipeline,
  localPipeline,
} from './harness';

const RULES = [
  'iam-password-policy',
  'guardduty-enabled-centralized',
  'securityhub-enabled',
  'ec2-ebs-encryption-by-default',
];

/**
 * Account-level rules judge the `AWS::::Account` item, which the describer rebuilds on each account-level
 * CloudTrail call. moto keeps these settings account-wide, so each case ends in its misconfigured state
 * and asserts only on the findings of its own (fresh) pipeline.
 */
describe('account-level rules on account-level CloudTrail calls (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  let iam: IAMClient;
  let guardduty: GuardDutyClient;
  let securityhub: SecurityHubClient;
  let ec2: EC2Client;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-acct', { ENABLED_RULES: RULES.join(',') });
    const config = awsClientConfig(endpoint);
    iam = new IAMClient(config);
    guardduty = new GuardDutyClient(config);
    securityhub = new SecurityHubClient(config);
    ec2 = new EC2Client(config);
  });

  afterAll(() => {
    for (const client of [iam, guardduty, securityhub, ec2]) client?.destroy();
    pipeline?.close();
  });

  const call = cloudTrailCaller(() => pipeline, Date.now() - 3_600_000);

  /** Verdicts of one rule on the account item, in chain order (its chain checked whole). */
  async function verdicts(ruleId: string): Promise<Finding['compliance'][]> {
    const chain = await chainOf(pipeline, ACCOUNT, ruleId);
    expect(chain.map((finding) => finding.sequence)).toEqual(chain.map((_finding, index) => index + 1));
    expect((await chainProblems(pipeline)).filter((problem) => problem.chainId.endsWith(ruleId))).toEqual([]);
    return chain.map((finding) => finding.compliance);
  }

  it('IAM UpdateAccountPasswordPolicy / DeleteAccountPasswordPolicy re-judge the password policy', async () => {
    await iam.send(
      new UpdateAccountPasswordPolicyCommand({
        MinimumPasswordLength: 16,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
      }),
    );
    await call({
      eventSource: 'iam.amazonaws.com',
      eventName: 'UpdateAccountPasswordPolicy',
      requestParameters: { minimumPasswordLength: 16, requireSymbols: true },
    });
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await call({ eventSource: 'iam.amazonaws.com', eventName: 'DeleteAccountPasswordPolicy' });
    expect((await verdicts('iam-password-policy')).slice(-2)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });

  it('GuardDuty CreateDetector / DeleteDetector re-judge guardduty-enabled-centralized', async () => {
    const created = await guardduty.send(new CreateDetectorCommand({ Enable: true }));
    await call({
      eventSource: 'guardduty.amazonaws.com',
      eventName: 'CreateDetector',
      requestParameters: { enable: true },
      responseElements: { detectorId: created.DetectorId },
    });
    const listed = await guardduty.send(new ListDetectorsCommand({}));
    for (const detectorId of listed.DetectorIds ?? []) {
      await guardduty.send(new DeleteDetectorCommand({ DetectorId: detectorId }));
    }
    await call({
      eventSource: 'guardduty.amazonaws.com',
      eventName: 'DeleteDetector',
      requestParameters: { detectorId: created.DetectorId },
    });
    expect((await verdicts('guardduty-enabled-centralized')).slice(-2)).toEqual([
      'COMPLIANT',
      'NON_COMPLIANT',
    ]);
  });

  it('Security Hub EnableSecurityHub / DisableSecurityHub re-judge securityhub-enabled', async () => {
    await securityhub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    await call({ eventSource: 'securityhub.amazonaws.com', eventName: 'EnableSecurityHub' });
    await securityhub.send(new DisableSecurityHubCommand({}));
    await call({ eventSource: 'securityhub.amazonaws.com', eventName: 'DisableSecurityHub' });
    expect((await verdicts('securityhub-enabled')).slice(-2)).toEqual(['COMPLIANT', 'NON_COMPLIANT']);
  });

  it('EC2 EnableEbsEncryptionByDefault / DisableEbsEncryptionByDefault re-judge ec2-ebs-encryption-by-default', async () => {
    await ec2.send(new EnableEbsEncryptionByDefaultCommand({}));
    await call({ eventSource: 'ec2.amazonaws.com', eventName: 'EnableEbsEncryptionByDefault' });
    await ec2.send(new DisableEbsEncryptionByDefaultCommand({}));
    await call({ eventSource: 'ec2.amazonaws.com', eventName: 'DisableEbsEncryptionByDefault' });
    expect((await verdicts('ec2-ebs-encryption-by-default')).slice(-2)).toEqual([
      'COMPLIANT',
      'NON_COMPLIANT',
    ]);
  });
});
