import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DynamoDbSettleStore } from '#shared/settle/dynamodb-settle-store';
import { eventCountOf, latestEventTimeOf, SETTLE_EVENT_ID_CAP } from '#shared/settle/settle-store';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { deployPipelineStack } from '#test/support/pipeline-stack';

const DUE = Date.parse('2026-11-23T08:01:30.000Z');

describe('DynamoDbSettleStore on the state table in moto', () => {
  const endpoint = inject('motoEndpoint');
  let client: DynamoDBClient;
  let store: DynamoDbSettleStore;

  beforeAll(async () => {
    const stack = await deployPipelineStack(endpoint, { name: uniqueName('vigil-settle-store') });
    client = new DynamoDBClient(awsClientConfig(endpoint));
    store = new DynamoDbSettleStore({ client, table: stack.table });
  });

  afterAll(() => client?.destroy());

  function note(key: string, eventId: string, second: number, dueAt = DUE) {
    return store.note({
      key,
      eventId,
      eventTime: new Date(Date.parse('2026-11-23T08:00:00.000Z') + second * 1000).toISOString(),
      dueAt,
      expiresAt: Math.floor(dueAt / 1000) + 86_400,
    });
  }

  it('the first note opens the window; later ones keep its id and due time and list themselves once', async () => {
    const key = `SETTLE#123456789012#us-east-1#AWS::S3::Bucket#${uniqueName('b')}`;
    const opened = await note(key, 'e1', 0);
    expect(opened).toMatchObject({ windowId: 'e1', dueAt: DUE, overflow: 0, resends: 0 });
    await note(key, 'e2', 3, DUE + 3000);
    const again = await note(key, 'e2', 3, DUE + 3000); // a redelivery
    expect(again.windowId).toBe('e1');
    expect(again.dueAt).toBe(DUE);
    expect(eventCountOf(again)).toBe(2);
    expect(latestEventTimeOf(again)).toBe('2026-11-23T08:00:03.000Z');
  });

  it(`past ${SETTLE_EVENT_ID_CAP} listed events, later ones are counted and still move the last event time`, async () => {
    const key = `SETTLE#123456789012#us-east-1#AWS::S3::Bucket#${uniqueName('busy')}`;
    for (let index = 0; index < SETTLE_EVENT_ID_CAP + 3; index++) await note(key, `e${index}`, index);
    const window = await store.take(key, 'e0');
    expect(window?.events).toHaveLength(SETTLE_EVENT_ID_CAP);
    expect(window?.overflow).toBe(3);
    expect(window === undefined ? undefined : latestEventTimeOf(window)).toBe(
      new Date(Date.parse('2026-11-23T08:00:00.000Z') + (SETTLE_EVENT_ID_CAP + 2) * 1000).toISOString(),
    );
  });

  it('a re-send is claimed once per due time', async () => {
    const key = `SETTLE#123456789012#us-east-1#AWS::S3::Bucket#${uniqueName('stuck')}`;
    await note(key, 'e1', 0);
    expect(await store.claimResend(key, 'e1', DUE, DUE + 600_000)).toBe(true);
    expect(await store.claimResend(key, 'e1', DUE, DUE + 600_001)).toBe(false);
    expect(await store.claimResend(key, 'other', DUE + 600_000, DUE + 700_000)).toBe(false);
    const window = await store.take(key, 'e1');
    expect(window).toMatchObject({ dueAt: DUE + 600_000, resends: 1 });
  });

  it('take deletes only the window it names, and once', async () => {
    const key = `SETTLE#123456789012#us-east-1#AWS::S3::Bucket#${uniqueName('t')}`;
    await note(key, 'e1', 0);
    expect(await store.take(key, 'newer')).toBeUndefined();
    expect((await store.take(key, 'e1'))?.windowId).toBe('e1');
    expect(await store.take(key, 'e1')).toBeUndefined();
    // A note after the close opens a new window.
    expect((await note(key, 'e9', 9)).windowId).toBe('e9');
  });
});
