import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResourceState } from '#shared/state/compliance-state';
import { DynamoDbStateStore, FAILING_RULES_ATTRIBUTE } from '#shared/state/dynamodb-state-store';
import { StateStoreError } from '#shared/state/errors';

const documents = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  documents.reset();
});

const REF = {
  accountId: '123456789012',
  region: 'us-east-1',
  resourceType: 'AWS::EC2::SecurityGroup',
  resourceId: 'sg-1',
} as const;

const RULE = {
  lastOutcome: 'NON_COMPLIANT',
  compliance: 'NON_COMPLIANT',
  annotation: 'open',
  severity: 'high',
  evaluatedAt: '2026-11-23T12:00:00.000Z',
  sequence: 1,
  headHash: 'b'.repeat(64),
} as const;

function state(version: number, rules: ResourceState['rules']): ResourceState {
  return {
    ...REF,
    version,
    captureTime: '2026-11-23T11:59:00.000Z',
    itemSha256: 'c'.repeat(64),
    rules,
    pending: { key: 'findings/k.jsonl', owner: 'me', leaseUntil: 1, body: new Uint8Array([1, 2, 3]) },
  };
}

function store(): DynamoDbStateStore {
  return new DynamoDbStateStore({
    client: new DynamoDBClient({ region: 'us-east-1' }),
    table: 'vigil-state',
  });
}

describe('DynamoDbStateStore: one row per resource, claimed on its version', () => {
  it('creates the first row only if none exists, listing its failing rules for the digest', async () => {
    documents.on(PutCommand).resolves({});

    expect(await store().claim(state(1, { 'restricted-ssh': RULE }), 0)).toBe('claimed');

    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input?.ConditionExpression).toBe('attribute_not_exists(#pk)');
    expect(input?.Item).toMatchObject({
      pk: '123456789012#us-east-1#AWS::EC2::SecurityGroup#sg-1',
      sk: 'resource',
      version: 1,
      [FAILING_RULES_ATTRIBUTE]: ['restricted-ssh'],
    });
  });

  it('advances a row only from the version it read, and drops the failing list when nothing fails', async () => {
    documents.on(PutCommand).resolves({});

    await store().claim(state(4, { 'restricted-ssh': { ...RULE, compliance: 'COMPLIANT' } }), 3);

    const input = documents.commandCalls(PutCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 3 },
    });
    expect(input?.Item).not.toHaveProperty(FAILING_RULES_ATTRIBUTE);
  });

  it('reports another writer as a conflict and any other failure as StateStoreError', async () => {
    documents
      .on(PutCommand)
      .rejectsOnce(new ConditionalCheckFailedException({ message: 'no', $metadata: {} }))
      .rejectsOnce(new Error('throttled'));

    expect(await store().claim(state(2, {}), 1)).toBe('conflict');
    await expect(store().claim(state(2, {}), 1)).rejects.toBeInstanceOf(StateStoreError);
  });

  it('reads the row strongly consistently, pending evidence included, and refuses a malformed one', async () => {
    const stored = state(2, { 'restricted-ssh': RULE });
    documents
      .on(GetCommand)
      .resolvesOnce({ Item: { pk: 'p', sk: 'resource', ...stored, [FAILING_RULES_ATTRIBUTE]: ['x'] } })
      .resolvesOnce({})
      .resolvesOnce({ Item: { ...stored, version: 'two' } });

    expect(await store().get(REF)).toEqual(stored);
    expect(documents.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({ ConsistentRead: true });
    expect(await store().get(REF)).toBeUndefined();
    await expect(store().get(REF)).rejects.toBeInstanceOf(StateStoreError);
  });
});
