import { describe, expect, it } from 'vitest';
import { efsEncryptedCheck as rule } from '#shared/rules/efs/efs-encrypted-check';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EFS::FileSystem';
const KEY = 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an encrypted file system, naming its key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'encrypted-customer-key'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `File system fs-0c8e1f3a5b7d92e46 is encrypted at rest with ${KEY}.`,
    });
  });

  it('fails an unencrypted file system', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'unencrypted'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'File system fs-04a9d2c6e8b1f3570 is not encrypted at rest.',
    });
  });

  it.each([
    ['absent (not collected)', undefined, 'NOT_APPLICABLE'],
    ['the string "true"', 'true', 'COMPLIANT'],
    ['the string "false"', 'false', 'NON_COMPLIANT'],
  ] as const)('judges Encrypted %s as %s', (_label, Encrypted, expected) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'encrypted-customer-key'), { Encrypted });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it.each([
    ['the same key ARN', KEY, 'COMPLIANT'],
    ['the same key id', 'a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9', 'COMPLIANT'],
    ['another key', KEY.replace('a91d7e55', 'b0000000'), 'NON_COMPLIANT'],
    ['an alias (cannot be resolved)', 'alias/efs-data', 'NON_COMPLIANT'],
  ] as const)(
    'with KmsKeyId set to %s judges the encrypted file system as %s',
    (_label, KmsKeyId, expected) => {
      const verdict = evaluateFixture(rule, loadFixture(TYPE, 'encrypted-customer-key'), {
        parameters: { KmsKeyId },
      });
      expect(verdict.compliance).toBe(expected);
    },
  );

  it('gives no verdict on an encrypted file system whose key was not recorded when a key is required', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'encrypted-customer-key'), { KmsKeyId: null });
    const verdict = evaluateFixture(rule, fixture, { parameters: { KmsKeyId: KEY } });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('its key was not recorded');
  });

  it('reports a deleted file system as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
