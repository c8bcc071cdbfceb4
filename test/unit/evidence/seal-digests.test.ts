import { describe, expect, it } from 'vitest';
import { sealHourlyDigests } from '#functions/seal-digests';
import { ConfigError } from '#shared/config';
import { EvidenceError } from '#shared/evidence/errors';
import { parseSealerConfig, type SealerRuntime } from '#shared/evidence/sealer-runtime';
import { LocalSigner, MemoryDigestHeads, MemoryObjects } from './fakes';

function runtime(now: string): SealerRuntime & { objects: MemoryObjects } {
  return {
    config: parseSealerConfig({
      EVIDENCE_BUCKET: 'vigil-evidence',
      STATE_TABLE: 'vigil-state',
      DIGEST_SIGNING_KEY_ID: 'alias/vigil-digests',
      AWS_REGION: 'eu-west-1',
    }),
    heads: new MemoryDigestHeads(),
    objects: new MemoryObjects(),
    signer: new LocalSigner(),
    clock: () => new Date(now),
    destroy: () => undefined,
  };
}

describe('parseSealerConfig', () => {
  it('applies defaults', () => {
    expect(
      parseSealerConfig({ EVIDENCE_BUCKET: 'vigil-evidence', STATE_TABLE: 't', DIGEST_SIGNING_KEY_ID: 'k' }),
    ).toEqual({
      bucket: 'vigil-evidence',
      table: 't',
      retentionDays: 400,
      signingKeyId: 'k',
      graceMinutes: 10,
      maxPeriods: 48,
      region: 'us-east-1',
      endpointUrl: undefined,
    });
  });

  it('names every missing or malformed variable', () => {
    expect(() =>
      parseSealerConfig({ EVIDENCE_BUCKET: 'vigil-evidence', DIGEST_GRACE_MINUTES: '90' }),
    ).toThrow(ConfigError);
    expect(() =>
      parseSealerConfig({ EVIDENCE_BUCKET: 'vigil-evidence', DIGEST_GRACE_MINUTES: '90' }),
    ).toThrow(
      /STATE_TABLE.*DIGEST_SIGNING_KEY_ID.*DIGEST_GRACE_MINUTES|STATE_TABLE.*DIGEST_GRACE_MINUTES.*DIGEST_SIGNING_KEY_ID/,
    );
  });
});

describe('seal-digests handler', () => {
  it('seals the chain of the scheduled event account in the function region', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    const report = await sealHourlyDigests(
      { account: '111122223333', 'detail-type': 'Scheduled Event' },
      deps,
    );
    expect(report.sealed.map((period) => period.key)).toEqual([
      'digests/111122223333/eu-west-1/2026/11/23/10.json',
    ]);
  });

  it('falls back to the account of the function ARN', async () => {
    const deps = runtime('2026-11-23T11:12:00Z');
    const report = await sealHourlyDigests({}, deps, {
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:444455556666:function:vigil-seal-digests',
    });
    expect(report.sealed[0]?.key).toBe('digests/444455556666/eu-west-1/2026/11/23/10.json');
  });

  it('refuses to guess an account', async () => {
    await expect(sealHourlyDigests({}, runtime('2026-11-23T11:12:00Z'))).rejects.toBeInstanceOf(
      EvidenceError,
    );
  });
});
