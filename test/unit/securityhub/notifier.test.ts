import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAlertConfig } from '#shared/alerts/alert-config';
import { AlertPolicyError } from '#shared/alerts/errors';
import { createConfiguredNotifier } from '#shared/alerts/notifier-runtime';
import { newFailureAlert, resolvedAlert } from '#test/unit/alerts/alert-fixtures';

const hubMock = mockClient(SecurityHubClient);
const snsMock = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:vigil-alerts';
const PRODUCT = 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default';
const ON = { SECURITY_HUB: 'on', SECURITY_HUB_PRODUCT_ARN: PRODUCT };

afterEach(() => {
  hubMock.reset();
  snsMock.reset();
});

function notifier(env: Record<string, string>) {
  return createConfiguredNotifier(
    { alerts: parseAlertConfig(env), alertTopicArn: TOPIC, serviceName: 'vigil-test' },
    { region: 'eu-west-1' },
  );
}

function importedIds(): (string | undefined)[] {
  return hubMock
    .commandCalls(BatchImportFindingsCommand)
    .flatMap((call) => (call.args[0].input.Findings ?? []).map((finding) => finding.Id));
}

describe('the securityhub alert channel', () => {
  it('is off by default: no channel, no Security Hub call', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier({});

    await alerts.notify(newFailureAlert());

    expect(alerts.channels.map((channel) => channel.name)).toEqual(['sns']);
    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('imports the failure and then its resolution as one finding beside SNS', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    hubMock.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const alerts = notifier(ON);

    await alerts.notify(newFailureAlert());
    await alerts.notify(resolvedAlert({ evaluatedAt: '2026-11-24T00:00:00.000Z' }));

    const statuses = hubMock
      .commandCalls(BatchImportFindingsCommand)
      .map((call) => call.args[0].input.Findings?.[0]?.Compliance?.Status);
    expect(statuses).toEqual(['FAILED', 'PASSED']);
    const ids = importedIds();
    expect(new Set(ids).size).toBe(1);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
  });

  it('does not import alerts that change no status (a planned remediation, an expiring acceptance)', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier(ON);

    await alerts.notify(
      newFailureAlert({
        transition: 'REMEDIATION_PLANNED',
        remediation: { remediationId: 's3-bucket-ssl-requests-only', action: 'Add a TLS-only policy' },
      }),
    );

    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('ignores the people-facing severity filter: Security Hub keeps every finding', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    hubMock.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const alerts = notifier({ ...ON, ALERT_MIN_SEVERITY: 'critical' });

    await alerts.notify(newFailureAlert({ severity: 'low' }));

    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(0);
    expect(importedIds()).toHaveLength(1);
  });

  it('throws for a retry when Security Hub refuses a finding for a passing reason, SNS not sent twice', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    hubMock
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 1,
        SuccessCount: 0,
        FailedFindings: [{ Id: 'x', ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      })
      .resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    const alerts = notifier(ON);

    await expect(alerts.notify(newFailureAlert())).rejects.toMatchObject({
      name: 'AlertDeliveryError',
      failed: ['securityhub'],
      delivered: ['sns'],
    });
    await alerts.notify(newFailureAlert());

    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('drops (and does not retry) a finding of another account, still alerting on SNS', async () => {
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const alerts = notifier(ON);

    await alerts.notify(
      newFailureAlert({ resource: { ...newFailureAlert().resource, accountId: '210987654321' } }),
    );

    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
    expect(snsMock.commandCalls(PublishCommand)).toHaveLength(1);
  });
});

describe('SECURITY_HUB settings', () => {
  it("needs the product ARN when on, and refuses another account's product or a bad value", () => {
    expect(parseAlertConfig({}).securityHubProductArn).toBeUndefined();
    expect(
      parseAlertConfig({ SECURITY_HUB: 'off', SECURITY_HUB_PRODUCT_ARN: PRODUCT }).securityHubProductArn,
    ).toBe(undefined);
    expect(parseAlertConfig(ON).securityHubProductArn).toBe(PRODUCT);
    expect(() => parseAlertConfig({ SECURITY_HUB: 'on' })).toThrow(/SECURITY_HUB_PRODUCT_ARN: required/);
    expect(() =>
      parseAlertConfig({
        SECURITY_HUB: 'on',
        SECURITY_HUB_PRODUCT_ARN: 'arn:aws:securityhub:eu-west-1:123456789012:product/210987654321/default',
      }),
    ).toThrow(AlertPolicyError);
    expect(() => parseAlertConfig({ SECURITY_HUB: 'yes', SECURITY_HUB_PRODUCT_ARN: PRODUCT })).toThrow(
      /SECURITY_HUB/,
    );
  });
});
