import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SlackNotifier } from '#shared/alerts/slack-notifier';
import { SlackWebhook } from '#shared/alerts/slack-webhook';
import { type SlackWebhookServer, startSlackWebhookServer } from '#test/support/slack-webhook-server';
import { MemorySecrets, newFailureAlert, resolvedAlert } from './alert-fixtures';

const SECRET_ID = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:vigil/slack-AbCdEf';
const HOOK_PATH = '/services/T0VIGIL01/B0VIGIL02/notifierWebhookToken7';
const CONSOLE = 'https://eu-west-1.console.aws.amazon.com';
const BUCKET_PAGE = `${CONSOLE}/s3/buckets/acme-payroll-exports?region=eu-west-1&tab=permissions`;
const TIMELINE = `${CONSOLE}/config/home?region=eu-west-1#/resources/timeline?resourceId=acme-payroll-exports&resourceType=AWS%3A%3AS3%3A%3ABucket`;
const EVIDENCE =
  's3://vigil-evidence/findings/123456789012/eu-west-1/AWS::S3::Bucket/acme-payroll-exports/s3-bucket-ssl-requests-only/000002.json';
const HASH = 'a3f1c2d4e5b6a7980c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b';

let server: SlackWebhookServer;
let notifier: SlackNotifier;

beforeAll(async () => {
  server = await startSlackWebhookServer();
  notifier = new SlackNotifier({
    webhook: new SlackWebhook({
      secrets: new MemorySecrets({ [SECRET_ID]: JSON.stringify({ url: `${server.origin}${HOOK_PATH}` }) }),
      secretId: SECRET_ID,
    }),
  });
});

afterAll(async () => {
  await server.close();
});

afterEach(() => {
  server.requests.length = 0;
});

/** The facts section every alert of the fixture bucket carries, with its status change. */
function facts(status: string): unknown {
  return {
    type: 'section',
    fields: [
      { type: 'mrkdwn', text: '*Severity*\n:large_yellow_circle: Medium' },
      { type: 'mrkdwn', text: '*SOC 2*\nCC6.1, CC6.7' },
      { type: 'mrkdwn', text: '*Rule*\n`s3-bucket-ssl-requests-only`' },
      { type: 'mrkdwn', text: `*Status*\n${status}` },
      { type: 'mrkdwn', text: `*Resource*\n<${BUCKET_PAGE}|acme-payroll-exports>\nAWS::S3::Bucket` },
      { type: 'mrkdwn', text: '*Account / region*\n123456789012 / eu-west-1' },
    ],
  };
}

const ARN_SECTION = {
  type: 'section',
  text: { type: 'mrkdwn', text: '*ARN*\n`arn:aws:s3:::acme-payroll-exports`' },
};
const LINKS = {
  type: 'section',
  text: {
    type: 'mrkdwn',
    text: `<${BUCKET_PAGE}|Open in the AWS console>   ·   <${TIMELINE}|AWS Config timeline>`,
  },
};
const CONTEXT = {
  type: 'context',
  elements: [
    { type: 'mrkdwn', text: `Evidence \`${EVIDENCE}\`` },
    { type: 'mrkdwn', text: `SHA-256 \`${HASH}\`` },
    { type: 'mrkdwn', text: 'Captured 2026-11-23T09:14:02.000Z · evaluated 2026-11-23T09:14:05.123Z' },
  ],
};

describe('SlackNotifier: the Block Kit payload Slack receives', () => {
  it('sends a new failure with severity, title, SOC 2 criteria, resource, console link, annotation and fix', async () => {
    await notifier.notify(newFailureAlert());

    expect(server.requests.map((request) => request.path)).toEqual([HOOK_PATH]);
    expect(server.payloads()).toEqual([
      {
        text: ':large_yellow_circle: Failing [medium] s3-bucket-ssl-requests-only on acme-payroll-exports (123456789012 eu-west-1)',
        blocks: [
          {
            type: 'header',
            text: {
              type: 'plain_text',
              text: ':large_yellow_circle: Failing: S3 buckets refuse requests that do not use TLS',
              emoji: true,
            },
          },
          facts('COMPLIANT → NON_COMPLIANT'),
          ARN_SECTION,
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: '*What is wrong*\nThe bucket policy has no statement denying requests with aws:SecureTransport false.',
            },
          },
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text:
                '*How to fix*\nAdd a bucket policy statement: Effect Deny, Principal "*", Action "s3:*", Resource the ' +
                'bucket ARN and "&lt;bucket ARN&gt;/*", Condition {"Bool": {"aws:SecureTransport": "false"}} ' +
                '(`aws s3api put-bucket-policy`).',
            },
          },
          LINKS,
          CONTEXT,
        ],
      },
    ]);
  });

  it('sends a resolved message without the fix', async () => {
    await notifier.notify(resolvedAlert());

    expect(server.payloads()).toEqual([
      {
        text: ':white_check_mark: Resolved [medium] s3-bucket-ssl-requests-only on acme-payroll-exports (123456789012 eu-west-1)',
        blocks: [
          {
            type: 'header',
            text: {
              type: 'plain_text',
              text: ':white_check_mark: Resolved: S3 buckets refuse requests that do not use TLS',
              emoji: true,
            },
          },
          facts('NON_COMPLIANT → COMPLIANT'),
          ARN_SECTION,
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: '*Now*\nThe bucket policy denies every request with aws:SecureTransport false.',
            },
          },
          LINKS,
          CONTEXT,
        ],
      },
    ]);
  });

  it('sends a failed remediation with the calls tried, the error and the manual fix', async () => {
    await notifier.notify(
      newFailureAlert({
        transition: 'REMEDIATION_FAILED',
        previousCompliance: 'NON_COMPLIANT',
        remediation: {
          remediationId: 's3-bucket-ssl-requests-only',
          action: 'Add a statement denying non-TLS requests to the bucket policy',
          mode: 'on',
          calls: [
            {
              call: 's3:PutBucketPolicy',
              description:
                'Merge a Deny aws:SecureTransport=false statement into the policy of acme-payroll-exports',
              status: 'failed',
              error: 'AccessDenied: not authorized to perform s3:PutBucketPolicy',
            },
          ],
          error: 'AccessDenied: not authorized to perform s3:PutBucketPolicy',
          reference: 'remediations/123456789012/run-0042.json',
        },
      }),
    );

    const [payload] = server.payloads() as { text: string; blocks: { text?: { text: string } }[] }[];
    expect(payload?.text).toBe(
      ':rotating_light: Auto-remediation failed [medium] s3-bucket-ssl-requests-only on acme-payroll-exports (123456789012 eu-west-1)',
    );
    const texts = payload?.blocks.map((block) => block.text?.text);
    expect(texts).toContain(
      '*What Vigil tried*\nAdd a statement denying non-TLS requests to the bucket policy',
    );
    expect(texts).toContain(
      '*Calls*\n• `s3:PutBucketPolicy` Merge a Deny aws:SecureTransport=false statement into the policy of ' +
        'acme-payroll-exports _(failed)_ — AccessDenied: not authorized to perform s3:PutBucketPolicy',
    );
    expect(texts).toContain('*Error*\nAccessDenied: not authorized to perform s3:PutBucketPolicy');
    expect(texts?.some((text) => text?.startsWith('*How to fix by hand*\n'))).toBe(true);
    expect(JSON.stringify(payload)).toContain('Remediation run `remediations/123456789012/run-0042.json`');
  });
});
