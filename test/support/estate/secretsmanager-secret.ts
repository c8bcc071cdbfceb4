import { CreateSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import type { PairSeeder, SeededPair } from './pair';

/**
 * A secret that never rotates beside one set to rotate every 30 days: the first fails
 * `secretsmanager-rotation-enabled-check`, the second passes it.
 */
export const SECRETSMANAGER_SECRET_SEEDER: PairSeeder = {
  resourceType: 'AWS::SecretsManager::Secret',
  async seed(clients, { suffix }): Promise<SeededPair> {
    const secrets = await clients.client('secretsmanager');
    const events: SeededPair['events'][number][] = [];
    const arns: string[] = [];
    for (const name of [`vigil-seed/static-${suffix}`, `vigil-seed/rotating-${suffix}`]) {
      const created = await secrets.send(new CreateSecretCommand({ Name: name, SecretString: 'seeded' }));
      arns.push(created.ARN ?? '');
      // CloudTrail never logs the secret value.
      events.push({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'CreateSecret',
        requestParameters: { name },
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
      failingRules: ['secretsmanager-rotation-enabled-check'],
      events,
      motoGaps: [
        'secretsmanager:RotateSecret invokes the rotation Lambda function only through Docker, so the seed ' +
          'turns rotation on without a function (AWS would require one, or a managed rotation); the ' +
          'describer reads RotationEnabled and RotationRules as AWS returns them.',
      ],
    };
  },
};
