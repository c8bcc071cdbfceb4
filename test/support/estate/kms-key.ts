import { CreateKeyCommand, EnableKeyRotationCommand } from '@aws-sdk/client-kms';
import type { PairSeeder, SeededPair } from './pair';

const TYPE = 'AWS::KMS::Key';

/**
 * A customer managed key without automatic rotation beside one with it: the first fails
 * `cmk-backing-key-rotation-enabled`, the second passes it.
 */
export const KMS_KEY_SEEDER: PairSeeder = {
  resourceType: TYPE,
  async seed(clients, { suffix }): Promise<SeededPair> {
    const kms = await clients.client('kms');
    const events: SeededPair['events'][number][] = [];
    const ids: string[] = [];
    for (const label of ['static', 'rotating']) {
      const description = `vigil seed: ${label} key ${suffix}`;
      const created = await kms.send(new CreateKeyCommand({ Description: description }));
      const metadata = created.KeyMetadata;
      ids.push(metadata?.KeyId ?? '');
      events.push({
        eventSource: 'kms.amazonaws.com',
        eventName: 'CreateKey',
        requestParameters: { description, keyUsage: 'ENCRYPT_DECRYPT', keySpec: 'SYMMETRIC_DEFAULT' },
        responseElements: {
          keyMetadata: {
            keyId: metadata?.KeyId ?? null,
            arn: metadata?.Arn ?? null,
            keyManager: 'CUSTOMER',
            keyState: 'Enabled',
          },
        },
      });
    }
    const [staticKey = '', rotatingKey = ''] = ids;
    await kms.send(new EnableKeyRotationCommand({ KeyId: rotatingKey }));
    events.push({
      eventSource: 'kms.amazonaws.com',
      eventName: 'EnableKeyRotation',
      requestParameters: { keyId: rotatingKey },
      responseElements: null,
    });
    return {
      misconfigured: { resourceType: TYPE, resourceId: staticKey },
      compliant: { resourceType: TYPE, resourceId: rotatingKey },
      failingRules: ['cmk-backing-key-rotation-enabled'],
      events,
    };
  },
};
