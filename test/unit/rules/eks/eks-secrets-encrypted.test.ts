import { describe, expect, it } from 'vitest';
import { eksSecretsEncrypted as rule } from '#shared/rules/eks/eks-secrets-encrypted';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';
import { withDescribeClusterShape } from './describe-cluster-shape';

const TYPE = 'AWS::EKS::Cluster';
const PAYMENTS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/0b7e4d2a-91c3-4f58-a6e2-3d9c8b1f7a05';
const CI_KEY = 'arn:aws:kms:us-east-1:123456789012:key/6a2f9e1d-3c47-4b85-8d0e-7f1a5c9b2e36';

describe(`${rule.id}: ${rule.title}`, () => {
  it('passes a cluster that encrypts secrets with a KMS key', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-all-logs'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: `EKS cluster payments-prod encrypts secrets with ${PAYMENTS_KEY}.`,
    });
  });

  it('fails a cluster without an encryption config', () => {
    expect(evaluateFixture(rule, loadFixture(TYPE, 'public-open-unencrypted-no-logs'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'EKS cluster sandbox-legacy does not encrypt Kubernetes secrets with KMS.',
    });
  });

  it('fails an encryption config whose resources do not include secrets', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      EncryptionConfig: [{ Resources: ['configmaps'], Provider: { KeyArn: PAYMENTS_KEY } }],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it('fails an empty encryption config list', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      EncryptionConfig: [],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('NON_COMPLIANT');
  });

  it.each([
    ['the same ARN', PAYMENTS_KEY, 'COMPLIANT'],
    ['the bare key id', '0b7e4d2a-91c3-4f58-a6e2-3d9c8b1f7a05', 'COMPLIANT'],
    ['a list holding it among others (as Config passes CSV)', `${CI_KEY}, ${PAYMENTS_KEY}`, 'COMPLIANT'],
    ['another key only', CI_KEY, 'NON_COMPLIANT'],
  ] as const)('with kmsKeyArns set to %s the verdict is %s', (_label, kmsKeyArns, expected) => {
    const verdict = evaluateFixture(rule, loadFixture(TYPE, 'private-encrypted-all-logs'), {
      parameters: { kmsKeyArns },
    });
    expect(verdict.compliance).toBe(expected);
  });

  it('gives no verdict when kmsKeyArns is set but the key of the secrets encryption was not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      EncryptionConfig: [{ Resources: ['secrets'] }],
    });
    const verdict = evaluateFixture(rule, fixture, { parameters: { kmsKeyArns: PAYMENTS_KEY } });
    expect(verdict.compliance).toBe('NOT_APPLICABLE');
    expect(verdict.annotation).toContain('its key was not recorded');
  });

  it('reads the DescribeCluster shape too', () => {
    const fixture = withDescribeClusterShape(loadFixture(TYPE, 'private-encrypted-all-logs'), {
      encryptionConfig: [{ resources: ['secrets'], provider: { keyArn: CI_KEY } }],
    });
    expect(evaluateFixture(rule, fixture, { parameters: { kmsKeyArns: CI_KEY } }).compliance).toBe(
      'COMPLIANT',
    );
  });

  it('reports a deleted cluster as NOT_APPLICABLE through the engine', () => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(TYPE, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
