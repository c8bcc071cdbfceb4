import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { remediationAlert } from '#shared/alerts/alert';
import { consoleUrlFor } from '#shared/alerts/console-links';
import {
  escapeMrkdwn,
  fitMrkdwn,
  SLACK_LIMITS,
  type SlackBlock,
  slackAlertMessage,
  truncateText,
} from '#shared/alerts/slack-format';
import { newFailureAlert } from './alert-fixtures';

function blockTexts(blocks: readonly SlackBlock[]): string[] {
  return blocks.flatMap((block) => {
    switch (block.type) {
      case 'header':
      case 'section':
        return 'text' in block ? [block.text.text] : block.fields.map((field) => field.text);
      case 'context':
        return block.elements.map((element) => element.text);
      default:
        return [];
    }
  });
}

function withinLimits(blocks: readonly SlackBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  for (const block of blocks) {
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'section' && 'text' in block)
      expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    if (block.type === 'section' && 'fields' in block) {
      expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldsPerSection);
      for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
  }
}

describe('mrkdwn helpers', () => {
  it('escapes the three control characters', () => {
    expect(escapeMrkdwn('<@U123> & <!channel>')).toBe('&lt;@U123&gt; &amp; &lt;!channel&gt;');
  });

  it('never splits a surrogate pair when truncating', () => {
    const cut = truncateText(`ab🚨🚨`, 4);
    expect(cut).toBe('ab…');
    expect(truncateText('ab🚨🚨', 5)).toBe('ab🚨…');
  });

  it('never cuts inside an entity', () => {
    const fitted = fitMrkdwn('a&&&&&', 8);
    expect(fitted.length).toBeLessThanOrEqual(8);
    expect(fitted).toMatch(/^a(&amp;)*…$/);
  });
});

describe('slackAlertMessage', () => {
  it('neutralizes mentions and links smuggled in through annotations and names', () => {
    const message = slackAlertMessage(
      newFailureAlert({
        annotation: 'Policy grants <!channel> and <https://evil.example|click> access',
        resource: { ...newFailureAlert().resource, resourceName: 'x|<@U1>' },
      }),
    );
    const text = JSON.stringify(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('|x¦&lt;@U1&gt; (acme-payroll-exports)>');
  });

  it('renders a dry run with the calls it would make and says nothing changed', () => {
    const message = slackAlertMessage(
      remediationAlert('planned', {
        ...newFailureAlert({ previousCompliance: 'NON_COMPLIANT' }),
        remediation: {
          remediationId: 's3-bucket-versioning-enabled',
          action: 'Enable versioning',
          mode: 'dry-run',
          calls: [
            {
              call: 's3:PutBucketVersioning',
              description: 'Enable versioning on acme-payroll-exports',
              status: 'planned',
            },
          ],
        },
      }),
    );
    const texts = blockTexts(message.blocks);
    expect(texts[0]).toBe(':memo: Remediation planned: S3 buckets refuse requests that do not use TLS');
    expect(texts).toContain('*What Vigil would change*\nEnable versioning (dry run: nothing was changed)');
    expect(texts).toContain(
      '*Calls it would make*\n• `s3:PutBucketVersioning` Enable versioning on acme-payroll-exports',
    );
    expect(texts.some((text) => text.startsWith('*How to fix*'))).toBe(true);
  });

  it('renders a successful remediation without manual advice', () => {
    const message = slackAlertMessage(
      remediationAlert('succeeded', {
        ...newFailureAlert({
          compliance: 'COMPLIANT',
          previousCompliance: 'NON_COMPLIANT',
          annotation: 'Fixed.',
        }),
        remediation: {
          remediationId: 's3-bucket-ssl-requests-only',
          action: 'Merge a TLS-only statement',
          mode: 'on',
          calls: [{ call: 's3:PutBucketPolicy', description: 'Merge the statement', status: 'made' }],
        },
      }),
    );
    const texts = blockTexts(message.blocks);
    expect(message.text).toMatch(/^:wrench: Auto-remediated \[medium\]/);
    expect(texts).toContain('*Calls made*\n• `s3:PutBucketPolicy` Merge the statement');
    expect(texts.some((text) => text.startsWith('*How to fix'))).toBe(false);
  });

  it('adds how long a resolved failure lasted to the context', () => {
    const message = slackAlertMessage(
      newFailureAlert({
        transition: 'RESOLVED',
        compliance: 'COMPLIANT',
        previousCompliance: 'NON_COMPLIANT',
        failingSince: '2026-11-21T09:14:05.123Z',
        repeatCount: 1,
      }),
    );
    expect(blockTexts(message.blocks).at(-1)).toBe(
      'Was failing since 2026-11-21T09:14:05.123Z (2 d), seen 1 more time',
    );
  });

  it('stays within Block Kit limits whatever the text, and keeps the console link intact', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', '&', '<', '>', '|', '`', '*', '🚨', 'é', '\n'),
      maxLength: 5_000,
    });
    fc.assert(
      fc.property(text, text, text, (annotation, advice, title) => {
        const alert = newFailureAlert({ annotation, remediationAdvice: advice, ruleTitle: title });
        const message = slackAlertMessage(alert);
        withinLimits(message.blocks);
        expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
        expect(JSON.stringify(message.blocks)).toContain(consoleUrlFor(alert.resource));
      }),
      { numRuns: 60 },
    );
  });
});
