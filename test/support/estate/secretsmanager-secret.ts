import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { PairSeeder, SeededPair } from './pair';

/**
 * A secret that never rotates, on the AWS managed key, beside one set to rotate every 30 days under a
 * customer managed key: the first fails `secretsmanager-rotation-enabled-check` and
 * `secretsmanager-using-cmk`, the second passes them.
 */
export const SECRETSMANAGER_SECRET_SEEDER: PairSeeder = {
  resourceType: 'AWS::SecretsManager::Secret',
  async seed(clients, { suffix }): Promise<SeededPair> {
    const secrets = await clients.client('secretsmanager');
    const events: SeededPair['events'][number][] = [];
    const arns: string[] = [];
    // The twin's key is a third resource, not part of the pair: its CreateKey call is not replayed.
    const key = await (await clients.client('kms')).send(
      new CreateKeyCommand({ Description: `vigil-seed secrets key ${suffix}` }),
    );
    const keyArn = key.KeyMetadata?.Arn;
    for (const [name, kmsKeyId] of [
      [`vigil-seed/static-${suffix}`, undefined],
      [`vigil-seed/rotating-${suffix}`, keyArn],
    ] as const) {
      const created = await secrets.send(
        new CreateSecretCommand({ Name: name, SecretString: 'seeded', KmsKeyId: kmsKeyId }),
      );
      arns.push(created.ARN ?? '');
      // CloudTrail never logs the secret value.
      events.push({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'CreateSecret',
        requestParameters: { name, ...(kmsKeyId === undefined ? {} : { kmsKeyId }) },
        responseElements: { arn: created.ARN ?? null, name, versionId: created.VersionId ?? null },
      });
    }
    const [staticArn = '', rotatingArn = ''] = arns;
    // AWS needs a rotation function (or a managed rotation) here and runs it at once; moto would run the
    // function through Docker, so the seed turns rotation on without one (moto accepts that).
    const rotated = await secrets.send(
      new RotateSecretCommand({ SecretId: rotatingArn, RotationRules: { AutomaticallyAfterDays: 30 } }),
    );
    events.push({
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'RotateSecret',
      requestParameters: { secretId: rotatingArn, rotationRules: { automaticallyAfterDays: 30 } },
      responseElements: {
        arn: rotatingArn,
        name: rotated.Name ?? null,
        versionId: rotated.VersionId ?? null,
      },
    });
    return {
      misconfigured: { resourceType: 'AWS::SecretsManager::Secret', resourceId: staticArn },
      compliant: { resourceType: 'AWS::SecretsManager::Secret', resourceId: rotatingArn },
      failingRules: ['secretsmanager-rotation-enabled-check', 'secretsmanager-using-cmk'],
      events,
      motoGaps: [
        'secretsmanager:RotateSecret invokes the rotation Lambda function only through Docker, so the seed ' +
          'turns rotation on without a function (AWS would require one, or a managed rotation); the ' +
          'describer reads RotationEnabled and RotationRules as AWS returns them.',
        'secretsmanager:DescribeSecret on moto always answers LastAccessedDate null and a secret cannot be ' +
          'made old, so secretsmanager-secret-unused and secretsmanager-secret-periodic-rotation (which age ' +
          'a secret from its creation) and secretsmanager-scheduled-rotation-success-check (which needs a ' +
          'missed rotation) are proven on recorded fixtures, not seeded here.',
      ],
    };
  },
};
