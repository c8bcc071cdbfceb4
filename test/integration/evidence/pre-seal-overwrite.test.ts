import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { parseDigest, sha256OfBytes } from '#shared/evidence/digest';
import { FindingSchema, recordLine, sealFinding } from '#shared/evidence/finding';
import type { LocalPipeline } from '../pipeline/harness';
import { problemLine, type SealedStack, sealedStack } from './sealed-stack';

const DAY_MS = 86_400_000;

/**
 * What the evaluator role may do to an evidence key: a plain PutObject (no If-None-Match), locked like the
 * evaluator's own writes. On a bucket with Object Lock this adds a second version; it never replaces the
 * first, which stays locked.
 */
async function plainPut(pipeline: LocalPipeline, s3: S3Client, key: string, body: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: pipeline.stack.bucket,
      Key: key,
      Body: body,
      ContentType: 'application/x-ndjson',
      ChecksumAlgorithm: 'SHA256',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date(Date.now() + pipeline.stack.retentionDays * DAY_MS),
    }),
  );
}

async function currentText(pipeline: LocalPipeline, s3: S3Client, key: string): Promise<string> {
  const response = await s3.send(new GetObjectCommand({ Bucket: pipeline.stack.bucket, Key: key }));
  return (await response.Body?.transformToString('utf8')) ?? '';
}

/** The batch with its NON_COMPLIANT finding replaced by a COMPLIANT one, rehashed (same sequence and link). */
function flipVerdicts(batch: string): string {
  return batch
    .split('\n')
    .map((line) => {
      if (!line.includes('"NON_COMPLIANT"')) return line;
      const finding = FindingSchema.parse(JSON.parse(line));
      return recordLine(
        sealFinding({
          ...finding,
          compliance: 'COMPLIANT',
          annotation: 'No ingress rule allows SSH from the world.',
        }),
      );
    })
    .join('\n');
}

/**
 * An attacker holding only the evaluator's permissions (s3:PutObject with lock parameters on `findings/*`)
 * rewrites a batch object before its hour is sealed: a NON_COMPLIANT finding's line replaced with a
 * COMPLIANT one, rehashed, by a plain PutObject without If-None-Match. The sealer lists what is really in
 * the bucket, so both versions go into the digest, and `vigil verify --bucket` names the key OVERWRITTEN and
 * the forked resource–rule chain BROKEN-CHAIN.
 *
 * In AWS the bucket policy denies puts under the evidence prefixes that lack `If-None-Match` (the
 * `s3:if-none-match` condition key), refusing this put outright. moto cannot show that: it evaluates a bucket
 * policy's `Principal: "*"` deny without request condition keys, so the same deny refuses the evaluator's
 * conditional puts as well (see moto-conditional-writes.test.ts and docs/evidence.md). The deny is asserted
 * on the template instead; this test covers the detection that holds even if the deny were missing.
 */
describe('an evidence batch overwritten before its hour is sealed (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let stack: SealedStack;
  let target = '';
  let original = '';
  let forged = '';

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    stack = await sealedStack(endpoint, 'vigil-preseal', async ({ pipeline, s3, batchKeys }) => {
      // The first batch holds group 0's NON_COMPLIANT finding #1. (The attacker could rebuild the lines from
      // the configuration item; reading them is a shortcut.)
      target = batchKeys[0] ?? '';
      original = await currentText(pipeline, s3, target);
      forged = flipVerdicts(original);
      await plainPut(pipeline, s3, target, forged);
    });
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    stack?.close();
  });

  it('leaves the forged version current: a reader that ignores versions sees only COMPLIANT', async () => {
    expect(forged).not.toBe(original);
    expect(await currentText(stack.pipeline, stack.s3, target)).toBe(forged);
    expect(forged).not.toContain('NON_COMPLIANT');
  });

  it('makes the sealer list both versions of the key, each with its own SHA-256', async () => {
    const digests = await Promise.all(
      [0, 1].map(async (hour) =>
        parseDigest(await stack.text(stack.pipeline.stack.bucket, stack.digestAt(hour))),
      ),
    );
    const listed = digests.flatMap((digest) => digest.objects).filter((entry) => entry.key === target);
    expect(listed.map((entry) => ('sha256' in entry ? entry.sha256 : 'marker')).sort()).toEqual(
      [sha256OfBytes(original), sha256OfBytes(forged)].sort(),
    );
  });

  it('is reported by vigil verify --bucket as OVERWRITTEN, with the forked chain, exit 1', async () => {
    const { code, out } = await stack.verify(
      stack.pipeline.stack.bucket,
      '--retention-days',
      String(stack.pipeline.stack.retentionDays),
    );
    expect(out).toMatch(problemLine('OVERWRITTEN', target));
    expect(out).toMatch(
      new RegExp(`^BROKEN-CHAIN +${target} +line \\d: .*${stack.groupIds[0]}.*two findings claim #1`, 'm'),
    );
    expect(out).not.toMatch(/^(ALTERED|MISSING|UNLISTED|RETENTION) /m);
    // The four real findings and the forged one; the lines both versions share count once.
    expect(out).toMatch(/, 5 findings, 1 attestations: 2 problems \(1 overwritten, 1 broken-chain\)/);
    expect(code).toBe(1);
  });
});

/** The same attacker after sealing: a second version and a delete marker, both visible to the verifier. */
describe('an evidence batch overwritten or deleted after its hour is sealed (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let stack: SealedStack;

  beforeAll(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'testing');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'testing');
    stack = await sealedStack(endpoint, 'vigil-postseal');
  });

  afterAll(() => {
    vi.unstubAllEnvs();
    stack?.close();
  });

  it('reports the new version as OVERWRITTEN and UNLISTED, the delete marker as DELETED and UNLISTED', async () => {
    const [first, second] = stack.batchKeys;
    const { pipeline, s3 } = stack;
    await plainPut(pipeline, s3, first ?? '', flipVerdicts(await currentText(pipeline, s3, first ?? '')));
    await s3.send(new DeleteObjectCommand({ Bucket: pipeline.stack.bucket, Key: second }));
    const { code, out } = await stack.verify(pipeline.stack.bucket);
    expect(out).toMatch(problemLine('OVERWRITTEN', first ?? ''));
    expect(out).toMatch(problemLine('UNLISTED', first ?? ''));
    expect(out).toMatch(problemLine('DELETED', second ?? ''));
    expect(out).toMatch(new RegExp(`^UNLISTED +${second} +delete marker `, 'm'));
    // The sealed versions are still there and intact: nothing is missing or altered.
    expect(out).not.toMatch(/^(ALTERED|MISSING|BROKEN-CHAIN) /m);
    expect(code).toBe(1);
  });
});
