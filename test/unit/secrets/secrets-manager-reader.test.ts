import {
  GetSecretValueCommand,
  InternalServiceError,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SecretError, SecretNotFoundError, SecretValueError } from '#shared/secrets/errors';
import { SecretsManagerSecretReader } from '#shared/secrets/secrets-manager-reader';

const sm = mockClient(SecretsManagerClient);
const ID = 'vigil/slack-webhook';

afterEach(() => {
  sm.reset();
});

function reader(clock: { now: number }): SecretsManagerSecretReader {
  return new SecretsManagerSecretReader({
    client: new SecretsManagerClient({ region: 'us-east-1' }),
    ttlMs: 1_000,
    maxStaleMs: 5_000,
    now: () => clock.now,
  });
}

function calls(): number {
  return sm.commandCalls(GetSecretValueCommand).length;
}

describe('SecretsManagerSecretReader', () => {
  it('reads the secret once per container while the value is fresh', async () => {
    sm.on(GetSecretValueCommand, { SecretId: ID }).resolves({ SecretString: 'https://hooks.example.test/a' });
    const clock = { now: 0 };
    const secrets = reader(clock);

    expect(await secrets.getSecretString(ID)).toBe('https://hooks.example.test/a');
    clock.now = 999;
    expect(await secrets.getSecretString(ID)).toBe('https://hooks.example.test/a');
    expect(calls()).toBe(1);
  });

  it('shares one call between concurrent reads', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'v' });
    const secrets = reader({ now: 0 });

    await Promise.all([
      secrets.getSecretString(ID),
      secrets.getSecretString(ID),
      secrets.getSecretString(ID),
    ]);

    expect(calls()).toBe(1);
  });

  it('fetches again after the TTL, and at once on a refresh', async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'old' })
      .resolvesOnce({ SecretString: 'rotated' })
      .resolves({ SecretString: 'newest' });
    const clock = { now: 0 };
    const secrets = reader(clock);

    expect(await secrets.getSecretString(ID)).toBe('old');
    expect(await secrets.getSecretString(ID, { refresh: true })).toBe('rotated');
    clock.now = 1_000;
    expect(await secrets.getSecretString(ID)).toBe('newest');
    expect(calls()).toBe(3);
  });

  it('serves an expired value for a while when Secrets Manager fails, then gives up', async () => {
    sm.on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'cached' })
      .rejects(new InternalServiceError({ message: 'boom', $metadata: {} }));
    const clock = { now: 0 };
    const secrets = reader(clock);
    await secrets.getSecretString(ID);

    clock.now = 3_000;
    expect(await secrets.getSecretString(ID)).toBe('cached');
    await expect(secrets.getSecretString(ID, { refresh: true })).rejects.toBeInstanceOf(SecretError);
    clock.now = 6_001;
    await expect(secrets.getSecretString(ID)).rejects.toThrow(`cannot read secret ${ID}`);
  });

  it('reports a missing secret as SecretNotFoundError naming it', async () => {
    sm.on(GetSecretValueCommand).rejects(new ResourceNotFoundException({ message: 'nope', $metadata: {} }));

    await expect(reader({ now: 0 }).getSecretString(ID)).rejects.toBeInstanceOf(SecretNotFoundError);
  });

  it('refuses a binary-only or empty secret without echoing anything', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2, 3]) });

    const error = await reader({ now: 0 })
      .getSecretString(ID)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecretValueError);
    expect((error as Error).message).toBe(`secret ${ID} has no string value`);
  });
});
