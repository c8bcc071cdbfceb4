import { describe, expect, it } from 'vitest';
import { encryptedVolumes as rule } from '#shared/rules/ec2/encrypted-volumes';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const TYPE = 'AWS::EC2::Volume';
const KEY_ID = '4f6c1a2e-8b3d-4e7f-9a10-2b3c4d5e6f70';
const KEY_ARN = `arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`;
const encrypted = () => loadFixture(TYPE, 'encrypted-attached');

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes an encrypted attached volume and names its key', () => {
    expect(evaluateFixture(rule, encrypted())).toEqual({
      compliance: 'COMPLIANT',
      annotation: `Volume vol-0d2c4e6f8a0b1c3d5 attached to i-0a4f3c2b1d0e9f871 is encrypted with ${KEY_ARN}.`,
    });
  });

  it('fails an unencrypted attached volume', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'unencrypted-attached'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'Volume vol-03f2e1d0c9b8a7654 attached to i-07e1d2c3b4a596870 is not encrypted.',
    });
  });

  it('is NOT_APPLICABLE to a volume attached to nothing', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'unencrypted-available')).compliance).toBe(
      'NOT_APPLICABLE',
    );
  });

  it.each([
    ['a detached attachment', [{ instanceId: 'i-0a4f3c2b1d0e9f871', state: 'detached' }], 'NOT_APPLICABLE'],
    ['an attaching volume', [{ instanceId: 'i-0a4f3c2b1d0e9f871', state: 'attaching' }], 'NON_COMPLIANT'],
    ['null attachments (not collected)', null, 'NOT_APPLICABLE'],
  ] as const)('judges an unencrypted volume with %s as %s', (_label, attachments, expected) => {
    const fixture = withConfiguration(encrypted(), { encrypted: false, attachments });
    expect(evaluateFixture(rule, fixture).compliance).toBe(expected);
  });

  it('gives no verdict on an attached volume whose encrypted flag was not recorded', () => {
    const verdict = evaluateFixture(rule, withConfiguration(encrypted(), { encrypted: undefined }));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('is encrypted was not recorded');
  });

  it('says the attachments were not recorded rather than that the volume is detached', () => {
    const verdict = evaluateFixture(rule, withConfiguration(encrypted(), { attachments: undefined }));
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('attachments of volume');
  });

  it.each([
    ['the key id', KEY_ID, 'COMPLIANT'],
    ['the key ARN', KEY_ARN, 'COMPLIANT'],
    ['a list holding the key id', `1111aaaa-2222-3333-4444-555566667777, ${KEY_ID}`, 'COMPLIANT'],
    [
      'another key',
      'arn:aws:kms:us-east-1:123456789012:key/1111aaaa-2222-3333-4444-555566667777',
      'NON_COMPLIANT',
    ],
    ['an alias (not resolvable)', 'alias/ebs-prod', 'NON_COMPLIANT'],
  ] as const)('with kmsId set to %s, an encrypted volume is %s', (_label, kmsId, expected) => {
    expect(evaluateFixture(rule, encrypted(), { parameters: { kmsId } }).compliance).toBe(expected);
  });

  it('fails a volume whose key is not recorded when kmsId is set', () => {
    const verdict = evaluateFixture(rule, withConfiguration(encrypted(), { kmsKeyId: null }), {
      parameters: { kmsId: KEY_ID },
    });
    expect(verdict).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation:
        'Volume vol-0d2c4e6f8a0b1c3d5 is encrypted with an unrecorded key, not with a key listed in kmsId.',
    });
  });

  it('reports a deleted volume as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
