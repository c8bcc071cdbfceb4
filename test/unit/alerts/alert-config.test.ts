import { describe, expect, it } from 'vitest';
import { parseAlertConfig } from '#shared/alerts/alert-config';
import { evaluatePolicy, unmatchedRulePatterns } from '#shared/alerts/alert-policy';
import { AlertPolicyError } from '#shared/alerts/errors';

describe('parseAlertConfig', () => {
  it('lets everything through and turns Slack off when nothing is set', () => {
    expect(parseAlertConfig({})).toEqual({
      slackWebhookSecretId: undefined,
      policies: { slack: {}, sns: {} },
    });
  });

  it('applies the shared filters to both channels, a channel-prefixed variable replacing one', () => {
    const config = parseAlertConfig({
      SLACK_WEBHOOK_SECRET_ID: ' vigil/slack-webhook ',
      ALERT_MIN_SEVERITY: 'Medium',
      ALERT_RULES_EXCLUDE: 'ecr-*, iam-user-unused-credentials-check',
      SLACK_ALERT_MIN_SEVERITY: 'high',
      SNS_ALERT_RULES_INCLUDE: 's3-*,restricted-ssh',
    });
    expect(config).toEqual({
      slackWebhookSecretId: 'vigil/slack-webhook',
      policies: {
        slack: { minSeverity: 'high', excludeRules: ['ecr-*', 'iam-user-unused-credentials-check'] },
        sns: {
          minSeverity: 'medium',
          includeRules: ['s3-*', 'restricted-ssh'],
          excludeRules: ['ecr-*', 'iam-user-unused-credentials-check'],
        },
      },
    });
  });

  it('names a malformed variable', () => {
    expect(() => parseAlertConfig({ SNS_ALERT_MIN_SEVERITY: 'urgent' })).toThrow(AlertPolicyError);
    expect(() => parseAlertConfig({ ALERT_RULES_INCLUDE: 'S3 Rules' })).toThrow(/ALERT_RULES_INCLUDE/);
  });

  it('refuses a webhook URL in the environment without echoing it', () => {
    let message = '';
    try {
      parseAlertConfig({ SLACK_WEBHOOK_SECRET_ID: 'https://hooks.example.test/services/T/B/tokenInEnv' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SLACK_WEBHOOK_SECRET_ID');
    expect(message).not.toContain('tokenInEnv');
  });
});

describe('evaluatePolicy', () => {
  const alert = { ruleId: 's3-bucket-ssl-requests-only', severity: 'medium' };

  it.each([
    [{}, true],
    [{ minSeverity: 'medium' as const }, true],
    [{ minSeverity: 'high' as const }, false],
    [{ includeRules: ['s3-*'] }, true],
    [{ includeRules: ['iam-*'] }, false],
    [{ includeRules: ['s3-*'], excludeRules: ['*-ssl-*'] }, false],
  ])('%j sends: %s', (policy, send) => {
    expect(evaluatePolicy(policy, alert).send).toBe(send);
  });

  it('lets through severities it does not know rather than hide them', () => {
    expect(evaluatePolicy({ minSeverity: 'critical' }, { ruleId: 'x', severity: 'custom' }).send).toBe(true);
  });

  it('points out patterns that match no rule of the catalog', () => {
    expect(
      unmatchedRulePatterns({ includeRules: ['s3-*', 's4-*'], excludeRules: ['restricted-ssh'] }, [
        's3-bucket-ssl-requests-only',
        'restricted-ssh',
      ]),
    ).toEqual(['s4-*']);
  });
});
