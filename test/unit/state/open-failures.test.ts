import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { StateStoreError } from '#shared/state/errors';
import { DynamoDbOpenFailureSource } from '#shared/state/open-failures';

const documents = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  documents.reset();
});

function item(resourceId: string): Record<string, unknown> {
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    resourceId,
    ruleId: 's3-bucket-ssl-requests-only',
    severity: 'medium',
    annotation: 'No TLS-only statement.',
    captureTime: '2026-11-20T00:00:00.000Z',
    evaluatedAt: '2026-11-22T00:00:00.000Z',
  };
}

describe('DynamoDbOpenFailureSource', () => {
  it('follows LastEvaluatedKey across pages, filtering on NON_COMPLIANT and projecting the digest fields', async () => {
    documents
      .on(ScanCommand)
      .resolvesOnce({ Items: [item('a'), item('b')], LastEvaluatedKey: { pk: 'b', sk: 'r' } })
      .resolvesOnce({ Items: [], LastEvaluatedKey: { pk: 'c', sk: 'r' } })
      .resolves({ Items: [item('d'), { ruleId: 'broken' }] });
    const source = new DynamoDbOpenFailureSource({
      client: new DynamoDBClient({ region: 'us-east-1' }),
      table: 'vigil-state',
      pageSize: 2,
    });

    const result = await source.listOpenFailures();

    expect(result.failures.map((failure) => failure.resourceId)).toEqual(['a', 'b', 'd']);
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
      FilterExpression: '#compliance = :failing',
      ExpressionAttributeValues: { ':failing': 'NON_COMPLIANT' },
    });
    expect(inputs[0]?.ProjectionExpression?.split(', ')).toHaveLength(12);
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
