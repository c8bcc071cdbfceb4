import { describe, expect, it } from 'vitest';
import { DigestDeliveryError, dailyDigest } from '#functions/daily-digest';
import type { RegisterView } from '#shared/acceptances/register-chain';
import {
  buildDailyDigest,
  type DailyDigest,
  DIGEST_TEXT_MAX_CHARS,
  type DigestPublisher,
  digestSlackMessage,
  digestText,
  sendDailyDigest,
  UNMAPPED_CRITERION,
} from '#shared/alerts/daily-digest';
import { SLACK_LIMITS } from '#shared/alerts/slack-format';
import { SlackWebhookConfigError } from '#shared/alerts/slack-webhook';
import type { OpenFailure, OpenFailureList } from '#shared/state/open-failures';
import { anAcceptance } from '#test/support/acceptances';

const NOW = new Date('2026-11-23T08:00:00.000Z');

function failure(overrides: Partial<OpenFailure> = {}): OpenFailure {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId: 'bucket-a',
    ruleId: 's3-bucket-ssl-requests-only',
    severity: 'medium',
    annotation: 'No TLS-only statement.',
    captureTime: '2026-11-20T00:00:00.000Z',
    evaluatedAt: '2026-11-22T00:00:00.000Z',
    ...overrides,
  };
}

const CATALOG = [
  {
    id: 's3-bucket-ssl-requests-only',
    title: 'S3 buckets refuse non-TLS requests',
    soc2: ['CC6.1', 'CC6.7'],
    severity: 'medium',
  },
  { id: 'restricted-ssh', title: 'No SSH from the internet', soc2: ['CC6.6'], severity: 'high' },
];

function list(failures: OpenFailure[], malformedRows = 0): OpenFailureList {
  return { failures, malformedRows };
}

describe('buildDailyDigest', () => {
  it('counts a failure under every criterion of its rule and totals it once', () => {
    const digest = buildDailyDigest(
      list([
        failure(),
        failure({ resourceId: 'bucket-b' }),
        failure({
          ruleId: 'restricted-ssh',
          severity: 'high',
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-1',
        }),
      ]),
      CATALOG,
      NOW,
    );
    expect(digest.total).toBe(3);
    expect(digest.resources).toBe(3);
    expect(digest.criteria.map((criterion) => [criterion.criterion, criterion.failures])).toEqual([
      ['CC6.1', 2],
      ['CC6.6', 1],
      ['CC6.7', 2],
    ]);
  });

  it('puts failures of rules outside the catalog under unmapped, last', () => {
    const digest = buildDailyDigest(list([failure({ ruleId: 'gone-rule' }), failure()]), CATALOG, NOW);
    expect(digest.criteria.at(-1)?.criterion).toBe(UNMAPPED_CRITERION);
  });

  it('says so when nothing is failing', () => {
    const digest = buildDailyDigest(list([]), CATALOG, NOW);
    expect(digestText(digest).subject).toBe('[Vigil] Daily digest 2026-11-23: no open failures');
    expect(digestSlackMessage(digest).text).toBe('Vigil daily digest 2026-11-23: no open failures');
  });
});

describe('digest size limits', () => {
  // 60 criteria-like groups × 30 rules × 20 resources: far beyond what one message may hold.
  const catalog = Array.from({ length: 30 }, (_unused, rule) => ({
    id: `rule-${rule}`,
    title: `Rule number ${rule} ${'with a long title '.repeat(5)}`,
    soc2: Array.from({ length: 60 }, (_u, c) => `C${c}`),
    severity: 'high',
  }));
  const failures = catalog.flatMap((rule) =>
    Array.from({ length: 20 }, (_unused, index) =>
      failure({
        ruleId: rule.id,
        resourceId: `bucket-${index}-${'x'.repeat(60)}`,
        annotation: 'a'.repeat(300),
      }),
    ),
  );
  const digest = buildDailyDigest(list(failures), catalog, NOW);

  it('keeps the Slack digest within Block Kit limits', () => {
    const message = digestSlackMessage(digest);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    for (const block of message.blocks) {
      if (block.type === 'section' && 'text' in block) {
        expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      }
    }
    const last = message.blocks.at(-1);
    expect(last?.type === 'context' && last.elements[0]?.text).toBe(
      '…and 15 more criteria in the SNS digest.',
    );
  });

  it('cuts the SNS digest below the message size limit and says how much was left out', () => {
    const { body, subject } = digestText(digest);
    expect(body.length).toBeLessThanOrEqual(DIGEST_TEXT_MAX_CHARS);
    expect(body).toMatch(/\.\.\. \d+ more lines omitted \(SNS message size limit\)/);
    expect(subject.length).toBeLessThanOrEqual(100);
  });
});

describe('sendDailyDigest and the handler', () => {
  function publisher(name: string, fail?: unknown): DigestPublisher & { received: number[] } {
    const received: number[] = [];
    return {
      name,
      received,
      publishDigest: async (digest) => {
        if (fail !== undefined) throw fail;
        received.push(digest.total);
      },
    };
  }

  it('gives each channel the digest of the failures its filter lets through', async () => {
    const sns = publisher('sns');
    const slack = publisher('slack');
    const { digest } = await sendDailyDigest({
      source: {
        listOpenFailures: async () =>
          list([failure(), failure({ ruleId: 'restricted-ssh', severity: 'high' })]),
      },
      catalog: CATALOG,
      publishers: [sns, slack],
      clock: () => NOW,
      policies: { slack: { minSeverity: 'high' } },
    });
    expect(digest.total).toBe(2);
    expect(sns.received).toEqual([2]);
    expect(slack.received).toEqual([1]);
  });

  it('reports a failed channel without failing the run while another took the digest', async () => {
    const report = await dailyDigest(
      {},
      {
        source: { listOpenFailures: async () => list([failure()]) },
        catalog: CATALOG,
        publishers: [publisher('sns'), publisher('slack', new SlackWebhookConfigError('bad secret'))],
        clock: () => NOW,
      },
    );
    expect(report.channels).toEqual([
      { channel: 'sns', status: 'delivered' },
      { channel: 'slack', status: 'failed' },
    ]);
  });

  it('throws (so the schedule retries) only when no channel took the digest', async () => {
    await expect(
      dailyDigest(
        {},
        {
          source: { listOpenFailures: async () => list([failure()]) },
          catalog: CATALOG,
          publishers: [publisher('sns', new Error('throttled'))],
          clock: () => NOW,
        },
      ),
    ).rejects.toBeInstanceOf(DigestDeliveryError);
  });
});

describe('sendDailyDigest: failures under risk acceptances', () => {
  const inForce = anAcceptance({ id: 'acc-00000000000a', expiresAt: '2026-12-31T00:00:00.000Z' });
  const expired = anAcceptance({ id: 'acc-00000000000b', expiresAt: '2026-11-20T00:00:00.000Z' });
  const revoked = anAcceptance({ id: 'acc-00000000000c' });
  const view: RegisterView = {
    head: { sequence: 3, hash: 'f'.repeat(64) },
    entries: new Map([
      [inForce.id, { acceptance: inForce, changeHash: 'a'.repeat(64) }],
      [expired.id, { acceptance: expired, changeHash: 'b'.repeat(64) }],
      [
        revoked.id,
        { acceptance: revoked, changeHash: 'c'.repeat(64), revokedAt: '2026-11-22T00:00:00.000Z' },
      ],
    ]),
  };
  const failures = [
    failure({ resourceId: 'accepted', acceptanceId: inForce.id }),
    failure({ resourceId: 'lapsed', acceptanceId: expired.id }),
    failure({ resourceId: 'revoked', acceptanceId: revoked.id }),
    failure({ resourceId: 'unknown-acceptance', acceptanceId: 'acc-0000000000ff' }),
    failure({ resourceId: 'plain' }),
  ];
  const listed = (digest: DailyDigest) =>
    digest.criteria[0]?.rules.flatMap((rule) => rule.resources.map((resource) => resource.resourceId)).sort();

  it('sets aside only failures whose acceptance is in force now, and says how many', async () => {
    let reads = 0;
    const { digest } = await sendDailyDigest({
      source: { listOpenFailures: async () => list(failures) },
      catalog: CATALOG,
      publishers: [],
      clock: () => NOW,
      acceptances: {
        current: async () => {
          reads++;
          return view;
        },
      },
    });
    expect(reads).toBe(1);
    expect(digest.accepted).toBe(1);
    expect(digest.total).toBe(4);
    expect(listed(digest)).toEqual(['lapsed', 'plain', 'revoked', 'unknown-acceptance']);
    expect(digestText(digest).body).toContain('1 failure under risk acceptances in force is not listed');
    expect(JSON.stringify(digestSlackMessage(digest))).toContain('`vigil acceptances`');
  });

  it('lists everything, and says so, when the register cannot be read', async () => {
    const { digest } = await sendDailyDigest({
      source: { listOpenFailures: async () => list(failures) },
      catalog: CATALOG,
      publishers: [],
      clock: () => NOW,
      acceptances: {
        current: async () => {
          throw new Error('AccessDenied');
        },
      },
    });
    expect(digest.accepted).toBe(0);
    expect(digest.total).toBe(5);
    expect(digest.registerUnread).toBe(true);
    expect(digestText(digest).body).toContain('The risk register could not be read');
  });

  it('does not read the register when no failure is marked with an acceptance', async () => {
    const { digest } = await sendDailyDigest({
      source: { listOpenFailures: async () => list([failure()]) },
      catalog: CATALOG,
      publishers: [],
      clock: () => NOW,
      acceptances: {
        current: async () => {
          throw new Error('must not be read');
        },
      },
    });
    expect(digest).toMatchObject({ total: 1, accepted: 0 });
    expect(digest.registerUnread).toBeUndefined();
  });
});
