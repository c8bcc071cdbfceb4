import { DeleteSecretCommand } from '@aws-sdk/client-secrets-manager';
import { SECRETSMANAGER_SECRET_SEEDER } from '#test/support/estate/secretsmanager-secret';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(SECRETSMANAGER_SECRET_SEEDER, {
  // Without a recovery window the secret is gone at once; with one it stays, marked Deleted.
  deleteMisconfigured: async (clients, pair) => {
    const arn = pair.misconfigured.resourceId;
    const deleted = await (await clients.client('secretsmanager')).send(
      new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }),
    );
    return {
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'DeleteSecret',
      requestParameters: { secretId: arn, forceDeleteWithoutRecovery: true },
      responseElements: {
        arn,
        name: deleted.Name ?? null,
        deletionDate: deleted.DeletionDate?.toISOString() ?? null,
      },
    };
  },
});
