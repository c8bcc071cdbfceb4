import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { FAILING_RULES_ATTRIBUTE } from '#shared/state/dynamodb-state-store';
import { StateStoreError } from '#shared/state/errors';
import { DynamoDbOpenFailureSource } from '#shared/state/open-failures';

const documents = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  documents.reset();
});

const FAILING_RULE = {
  compliance: 'NON_COMPLIANT',
  lastOutcome: 'NON_COMPLIANT',
  severity: 'medium',
  annotation: 'No TLS-only statement.',
  evaluatedAt: '2026-11-22T00:00:00.000Z',
  sequence: 2,
  headHash: 'a'.repeat(64),
};

/** One resource row as the state table holds it: every rule's state, and the failing ones listed. */
function item(
  resourceId: string,
  rules: Record<string, unknown> = { 's3-bucket-ssl-requests-only': FAILING_RULE },
) {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    captureTime: '2026-11-20T00:00:00.000Z',
    rules,
    failing: Object.entries(rules)
      .filter(([, rule]) => (rule as { compliance?: string }).compliance !== 'COMPLIANT')
      .map(([ruleId]) => ruleId),
  };
}

describe('DynamoDbOpenFailureSource', () => {
  it('follows LastEvaluatedKey across pages, filtering on rows that list failing rules and projecting the digest fields', async () => {
    documents
      .on(ScanCommand)
      .resolvesOnce({ Items: [item('a'), item('b')], LastEvaluatedKey: { pk: 'b', sk: 'r' } })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'c', sk: 'r' } })
      .resolves({ Items: [item('d'), { resourceId: 'broken' }] });
    const source = new DynamoDbOpenFailureSource({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      table: 'vigil-state',
      pageSize: 2,
    });

    const result = await source.listOpenFailures();

    expect(result.failures.map((failure) => failure.resourceId)).toEqual(['a', 'b', 'd']);
    expect(result.failures[0]).toEqual({
      accountId: '123456789012',
      region: 'us-east-1',
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'a',
      ruleId: 's3-bucket-ssl-requests-only',
      severity: 'medium',
      annotation: 'No TLS-only statement.',
      captureTime: '2026-11-20T00:00:00.000Z',
      evaluatedAt: '2026-11-22T00:00:00.000Z',
    });
    expect(result.malformedRows).toBe(1);
    const inputs = documents.commandCalls(ScanCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.ExclusiveStartKey)).toEqual([
      undefined,
      { pk: 'b', sk: 'r' },
      { pk: 'c', sk: 'r' },
    ]);
    expect(inputs[0]).toMatchObject({
      TableName: 'vigil-state',
      Limit: 2,
      FilterExpression: 'attribute_exists(#failing)',
    });
    expect(inputs[0]?.ExpressionAttributeNames?.['#failing']).toBe(FAILING_RULES_ATTRIBUTE);
    // The digest's fields only: never the gzipped pending evidence a row may hold.
    const projected = (inputs[0]?.ProjectionExpression?.split(', ') ?? []).map(
      (name) => inputs[0]?.ExpressionAttributeNames?.[name],
    );
    expect(projected.sort()).toEqual(
      [
        'accountId',
        'arn',
        'captureTime',
        FAILING_RULES_ATTRIBUTE,
        'region',
        'resourceId',
        'resourceName',
        'resourceType',
        'rules',
      ].sort(),
    );
  });

  it('lists every failing rule of a row with its failure start, and counts a listed rule that is not failing', async () => {
    documents.on(ScanCommand).resolves({
      Items: [
        item('multi', {
          'rule-a': { ...FAILING_RULE, failingSince: '2026-11-18T00:00:00.000Z' },
          'rule-b': FAILING_RULE,
          'rule-c': { ...FAILING_RULE, compliance: 'NOT_APPLICABLE', lastOutcome: 'NOT_APPLICABLE' },
          'rule-d': { ...FAILING_RULE, compliance: 'COMPLIANT', lastOutcome: 'COMPLIANT' },
        }),
      ],
    });
    const source = new DynamoDbOpenFailureSource({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      table: 'vigil-state',
    });

    const result = await source.listOpenFailures();

    expect(result.failures.map((failure) => [failure.ruleId, failure.failingSince])).toEqual([
      ['rule-a', '2026-11-18T00:00:00.000Z'],
      ['rule-b', undefined],
    ]);
    expect(result.malformedRows).toBe(1);
  });

  it('scans parallel segments when asked', async () => {
    documents.on(ScanCommand).resolves({ Items: [item('x')] });
    const source = new DynamoDbOpenFailureSource({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      table: 'vigil-state',
      segments: 3,
    });

    const result = await source.listOpenFailures();

    expect(result.failures).toHaveLength(3);
    const segments = documents
      .commandCalls(ScanCommand)
      .map((call) => [call.args[0].input.Segment, call.args[0].input.TotalSegments]);
    expect(segments).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
  });

  it('wraps a read failure in StateStoreError', async () => {
    documents.on(ScanCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    const source = new DynamoDbOpenFailureSource({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      table: 't',
    });

    await expect(source.listOpenFailures()).rejects.toBeInstanceOf(StateStoreError);
  });
});
