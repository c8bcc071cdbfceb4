import { describe, expect, it } from 'vitest';
import { canonicalKmsKeyReference, kmsKeySpec, sameKmsKeyReference } from '#shared/resources/kms';

const ID = '3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13';

describe('shared/resources/kms', () => {
  it.each([
    [ID, `key/${ID}`],
    [`arn:aws:kms:us-east-1:123456789012:key/${ID}`, `key/${ID}`],
    ['mrk-9c1e4a7b2d6f4e0a8b3c5d7e9f1a2b3c', 'key/mrk-9c1e4a7b2d6f4e0a8b3c5d7e9f1a2b3c'],
    ['alias/aws/sns', 'alias/aws/sns'],
    ['arn:aws-cn:kms:cn-north-1:123456789012:alias/app', 'alias/app'],
  ])('canonicalises %s as %s', (reference, expected) => {
    expect(canonicalKmsKeyReference(reference)).toBe(expected);
  });

  it('matches a key id with its ARN but not with an alias', () => {
    expect(sameKmsKeyReference(ID, `arn:aws:kms:us-east-1:123456789012:key/${ID}`)).toBe(true);
    expect(sameKmsKeyReference('alias/app', `arn:aws:kms:us-east-1:123456789012:key/${ID}`)).toBe(false);
    expect(sameKmsKeyReference('alias/app', 'alias/other')).toBe(false);
  });

  it('prefers keySpec, falls back to customerMasterKeySpec, then SYMMETRIC_DEFAULT', () => {
    expect(kmsKeySpec({ keySpec: 'HMAC_256', customerMasterKeySpec: 'HMAC_256' })).toBe('HMAC_256');
    expect(kmsKeySpec({ customerMasterKeySpec: 'RSA_2048' })).toBe('RSA_2048');
    expect(kmsKeySpec({})).toBe('SYMMETRIC_DEFAULT');
  });
});
