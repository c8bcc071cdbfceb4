import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { s3ClientConfig, uniqueName } from '#test/support/moto';
import { s3Failure } from '#test/support/s3-failure';

const DAY_MS = 86_400_000;

/**
 * Pins what moto does with S3 conditional writes and object versions, which the evidence design and its
 * tests rely on (docs/evidence.md, "What moto does with conditional writes and versions"). A moto upgrade
 * that changes any of it fails here first.
 */
describe('moto: S3 conditional writes and versions on an Object Lock bucket', () => {
  const endpoint = inject('motoEndpoint');
  const s3 = new S3Client(s3ClientConfig(endpoint));

  afterAll(() => s3.destroy());

  async function lockedBucket(): Promise<string> {
    const bucket = uniqueName('vigil-moto-cw');
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
    return bucket;
  }

  function put(bucket: string, key: string, body: string, conditional: boolean): PutObjectCommand {
    return new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ChecksumAlgorithm: 'SHA256',
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date(Date.now() + DAY_MS),
      ...(conditional ? { IfNoneMatch: '*' } : {}),
    });
  }

  async function versionsOf(bucket: string, key: string) {
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
    return {
      versions: (listed.Versions ?? []).map((v) => ({ id: v.VersionId, latest: v.IsLatest })),
      markers: (listed.DeleteMarkers ?? []).map((m) => ({ id: m.VersionId, latest: m.IsLatest })),
    };
  }

  it('refuses a conditional put (If-None-Match: *) on an existing key with 412 PreconditionFailed', async () => {
    const bucket = await lockedBucket();
    await s3.send(put(bucket, 'findings/a.jsonl', 'first\n', true));
    const error = await s3Failure(() => s3.send(put(bucket, 'findings/a.jsonl', 'second\n', true)));
    expect(error.name).toBe('PreconditionFailed');
    expect(error.$metadata.httpStatusCode).toBe(412);
    expect((await versionsOf(bucket, 'findings/a.jsonl')).versions).toHaveLength(1);
  });

  it('lets an unconditional put on an existing locked key add a second version; both are listed and readable', async () => {
    const bucket = await lockedBucket();
    const first = await s3.send(put(bucket, 'findings/b.jsonl', 'first\n', true));
    const second = await s3.send(put(bucket, 'findings/b.jsonl', 'second\n', false));
    expect(second.VersionId).toBeDefined();
    expect(second.VersionId).not.toBe(first.VersionId);
    const { versions, markers } = await versionsOf(bucket, 'findings/b.jsonl');
    expect(versions).toEqual([
      { id: second.VersionId, latest: true },
      { id: first.VersionId, latest: false },
    ]);
    expect(markers).toEqual([]);
    const latest = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: 'findings/b.jsonl' }));
    expect(await latest.Body?.transformToString()).toBe('second\n');
    const old = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'findings/b.jsonl', VersionId: first.VersionId }),
    );
    expect(await old.Body?.transformToString()).toBe('first\n');
    expect(old.ObjectLockMode).toBe('COMPLIANCE');
  });

  it('lists a delete marker, keeps the locked version, and then accepts a conditional put (as S3 does)', async () => {
    const bucket = await lockedBucket();
    const first = await s3.send(put(bucket, 'findings/c.jsonl', 'first\n', true));
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'findings/c.jsonl' }));
    expect(marker.DeleteMarker).toBe(true);
    const locked = await s3Failure(() =>
      s3.send(
        new DeleteObjectCommand({ Bucket: bucket, Key: 'findings/c.jsonl', VersionId: first.VersionId }),
      ),
    );
    expect(locked.name).toBe('AccessDenied');
    // If-None-Match only looks at the current version; a delete marker is not an object.
    const after = await s3.send(put(bucket, 'findings/c.jsonl', 'after\n', true));
    const { versions, markers } = await versionsOf(bucket, 'findings/c.jsonl');
    expect(versions.map((v) => v.id)).toEqual([after.VersionId, first.VersionId]);
    expect(markers).toEqual([{ id: marker.VersionId, latest: false }]);
  });

  it('applies a bucket policy deny without request condition keys: a deny of unconditional puts refuses every put', async () => {
    // moto evaluates `Principal: "*"` statements of a bucket policy on object requests, but with no request
    // context: `s3:if-none-match` is always absent, so the deny the evidence bucket relies on matches
    // conditional puts as well. The deny cannot be tested on moto; the tests stand in for it (see the docs).
    const bucket = await lockedBucket();
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'DenyUnconditionalEvidencePuts',
              Effect: 'Deny',
              Principal: '*',
              Action: 's3:PutObject',
              Resource: `arn:aws:s3:::${bucket}/findings/*`,
              Condition: { Null: { 's3:if-none-match': 'true' } },
            },
          ],
        }),
      }),
    );
    for (const conditional of [true, false]) {
      const refused = await s3Failure(() => s3.send(put(bucket, 'findings/d.jsonl', 'x\n', conditional)));
      expect(refused.$metadata.httpStatusCode).toBe(403);
    }
    await s3.send(put(bucket, 'remediations/d.json', 'outside the denied prefix\n', false));
    expect((await versionsOf(bucket, 'findings/d.jsonl')).versions).toEqual([]);
  });

  it('lists every object of an unversioned bucket with version id "null"', async () => {
    const bucket = uniqueName('vigil-moto-plain');
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'findings/e.jsonl', Body: 'first\n' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'findings/e.jsonl', Body: 'second\n' }));
    expect((await versionsOf(bucket, 'findings/e.jsonl')).versions).toEqual([{ id: 'null', latest: true }]);
  });
});
