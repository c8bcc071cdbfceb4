import { beforeEach, describe, expect, it } from 'vitest';
import type { ResourceRef } from '#shared/describe/describer';
import { SETTLE_RESEND_AFTER_SECONDS } from '#shared/settle/settle-config';
import { SETTLE_EVENT_ID_CAP } from '#shared/settle/settle-store';
import { SettledDescribeSchema, settleKeyOf } from '#shared/settle/settled-describe';
import { Settler } from '#shared/settle/settler';
import { MemorySettleStore, RecordingSettleQueue } from '#test/support/settle';

const ACCOUNT = '123456789012';
const START = Date.parse('2026-11-23T08:00:00.000Z');

function bucketRef(name: string, eventTime: string): ResourceRef {
  return {
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: 'AWS::S3::Bucket',
    lookupId: name,
    captureTime: eventTime,
  };
}

describe('Settler: settle and coalesce of CloudTrail-triggered describes', () => {
  let now: number;
  let store: MemorySettleStore;
  let queue: RecordingSettleQueue;
  let settler: Settler;

  beforeEach(() => {
    now = START;
    store = new MemorySettleStore();
    queue = new RecordingSettleQueue();
    settler = new Settler({
      store,
      queue,
      settings: { defaultSeconds: 90, byType: { 'AWS::IAM::User': 0, 'AWS::EC2::SecurityGroup': 30 } },
      clock: () => new Date(now),
    });
  });

  /** Holds one call about a bucket `seconds` after START, with a fresh event id. */
  async function event(bucket: string, seconds: number, eventId = `event-${bucket}-${seconds}`) {
    now = START + seconds * 1000;
    const eventTime = new Date(now - 500).toISOString();
    return settler.hold({ eventId, eventTime, accountId: ACCOUNT, refs: [bucketRef(bucket, eventTime)] });
  }

  it('the first event opens a window: one marker write and one describe delayed by the settle period', async () => {
    const hold = await event('logs', 0);
    expect(hold).toMatchObject({ action: 'opened', windowId: 'event-logs-0', events: 1 });
    expect(store.writes).toEqual(['note SETTLE#123456789012#us-east-1#AWS::S3::Bucket#logs']);
    expect(queue.sent).toHaveLength(1);
    const [sent] = queue.sent;
    expect(sent?.delaySeconds).toBe(90);
    // The body is the versioned schema, naming the resource without a capture time.
    const body = SettledDescribeSchema.parse(JSON.parse(JSON.stringify(sent?.message)));
    expect(body.refs).toEqual([
      { accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS::S3::Bucket', lookupId: 'logs' },
    ]);
    expect(body.windowId).toBe('event-logs-0');
  });

  it('events inside the window are noted with one write each and send nothing', async () => {
    await event('logs', 0);
    for (const seconds of [1, 2, 3, 4, 5]) {
      expect(await event('logs', seconds)).toMatchObject({ action: 'coalesced', windowId: 'event-logs-0' });
    }
    expect(queue.sent).toHaveLength(1);
    expect(store.writes).toHaveLength(6);
    expect((await event('logs', 6)).events).toBe(7);
  });

  it('windows are per resource: another bucket opens its own', async () => {
    await event('logs', 0);
    expect((await event('assets', 1)).action).toBe('opened');
    expect(queue.sent.map((entry) => entry.message.refs[0]?.lookupId)).toEqual(['logs', 'assets']);
  });

  it('a redelivered event is listed once (the window counts events, not deliveries)', async () => {
    await event('logs', 0);
    await event('logs', 2, 'same');
    expect((await event('logs', 2, 'same')).events).toBe(2);
  });

  it('closing deletes the marker first and describes as of the newest event it coalesced', async () => {
    await event('logs', 0);
    await event('logs', 40);
    await event('logs', 20); // out of order: the newest time still wins
    const [sent] = queue.sent;
    if (sent === undefined) throw new Error('no describe queued');
    now = START + 90_000;
    const closed = await settler.close(sent.message);
    expect(closed.events).toBe(3);
    expect(closed.eventId).toBe('event-logs-0');
    expect(closed.refs.map((ref) => ref.captureTime)).toEqual([new Date(START + 39_500).toISOString()]);
    expect(store.markers.size).toBe(0);
    // An event after the close opens a new window and queues a new describe: nothing waits on a closed one.
    expect((await event('logs', 91)).action).toBe('opened');
    expect(queue.sent).toHaveLength(2);
  });

  it('an event time in the future (a forged event) is described as of now, never later', async () => {
    now = START;
    const future = '2031-01-01T00:00:00.000Z';
    await settler.hold({
      eventId: 'f',
      eventTime: future,
      accountId: ACCOUNT,
      refs: [bucketRef('logs', future)],
    });
    const [sent] = queue.sent;
    if (sent === undefined) throw new Error('no describe queued');
    now = START + 90_000;
    expect((await settler.close(sent.message)).refs[0]?.captureTime).toBe(new Date(now).toISOString());
  });

  it('a second delivery of a closed window still describes, as of its first event', async () => {
    await event('logs', 0);
    await event('logs', 30);
    const [sent] = queue.sent;
    if (sent === undefined) throw new Error('no describe queued');
    await settler.close(sent.message);
    const again = await settler.close(sent.message);
    expect(again.events).toBe(1);
    expect(again.window).toBeUndefined();
    expect(again.refs.map((ref) => ref.captureTime)).toEqual([sent.message.firstEventTime]);
  });

  it('a late delivery of an old window leaves the newer window of the same resource open', async () => {
    await event('logs', 0);
    const [old] = queue.sent;
    if (old === undefined) throw new Error('no describe queued');
    await settler.close(old.message);
    await event('logs', 100);
    await settler.close(old.message);
    expect(store.markers.get(old.message.key)?.windowId).toBe('event-logs-100');
  });

  it('a failed send fails the event, and its redelivery sends the describe (nothing is lost)', async () => {
    queue.failNext = true;
    await expect(event('logs', 0, 'opening')).rejects.toThrow('injected send failure');
    expect(queue.sent).toHaveLength(0);
    // An event that arrives meanwhile joins the window without sending.
    expect((await event('logs', 1)).action).toBe('coalesced');
    // SQS redelivers the opening event: it finds itself the window's opener and sends.
    expect((await event('logs', 3, 'opening')).action).toBe('opened');
    expect(queue.sent).toHaveLength(1);
    expect(queue.sent[0]?.delaySeconds).toBe(87);
  });

  it('a failed marker write fails the event before anything is sent', async () => {
    store.fail.add('note');
    await expect(event('logs', 0)).rejects.toThrow('injected note failure');
    expect(queue.sent).toHaveLength(0);
  });

  it(`a window overdue by more than ${SETTLE_RESEND_AFTER_SECONDS} s is re-sent once, by one event`, async () => {
    queue.failNext = true;
    await expect(event('logs', 0, 'lost')).rejects.toThrow();
    // The opening event went to the dead-letter queue; events in time only join the window.
    expect((await event('logs', 90 + SETTLE_RESEND_AFTER_SECONDS)).action).toBe('coalesced');
    const late = 90 + SETTLE_RESEND_AFTER_SECONDS + 1;
    expect(await event('logs', late)).toMatchObject({ action: 'resent', windowId: 'lost' });
    expect(await event('logs', late, 'after-resend')).toMatchObject({ action: 'coalesced' });
    expect(queue.sent).toHaveLength(1);
    const [resent] = queue.sent;
    expect(resent?.delaySeconds).toBe(90);
    expect(resent?.message.windowId).toBe('lost');
    // The re-sent describe closes the stuck marker and covers every event it held.
    if (resent === undefined) throw new Error('no describe queued');
    expect((await settler.close(resent.message)).events).toBe(4);
  });

  it(`lists at most ${SETTLE_EVENT_ID_CAP} events and counts the rest`, async () => {
    for (let index = 0; index < SETTLE_EVENT_ID_CAP + 20; index++) await event('busy', index / 10);
    const [sent] = queue.sent;
    if (sent === undefined) throw new Error('no describe queued');
    const closed = await settler.close(sent.message);
    expect(closed.window?.events).toHaveLength(SETTLE_EVENT_ID_CAP);
    expect(closed.window?.overflow).toBe(20);
    expect(closed.events).toBe(SETTLE_EVENT_ID_CAP + 20);
    // The capture time comes from the newest event even when it was only counted.
    expect(closed.refs[0]?.captureTime).toBe(new Date(START + 11_900 - 500).toISOString());
  });

  it.each([
    ['AWS::S3::Bucket', 90],
    ['AWS::EC2::SecurityGroup', 30],
    ['AWS::IAM::User', 0],
  ])('the settle period of %s is %i s (default, override, override to off)', (resourceType, seconds) => {
    expect(settler.settleSeconds([{ resourceType }])).toBe(seconds);
  });

  it("a call touching several resources settles by its first resource's type, under one key", async () => {
    now = START;
    const eventTime = new Date(now).toISOString();
    const trail = { ...bucketRef('x', eventTime), resourceType: 'AWS::CloudTrail::Trail', lookupId: 'org' };
    const account = { ...bucketRef('x', eventTime), resourceType: 'AWS::::Account', lookupId: ACCOUNT };
    const hold = await settler.hold({ eventId: 'e1', eventTime, accountId: ACCOUNT, refs: [trail, account] });
    expect(hold.key).toBe(settleKeyOf([trail, account]));
    expect(hold.key).toMatch(/^SETTLE#123456789012#us-east-1#AWS::CloudTrail::Trail#org\+1#[0-9a-f]{16}$/);
    // The describe keeps the call's order: the trail, then the account judged against it.
    expect(queue.sent[0]?.message.refs.map((ref) => ref.resourceType)).toEqual([
      'AWS::CloudTrail::Trail',
      'AWS::::Account',
    ]);
    // The same call again joins the window; a call about the trail alone settles on its own.
    expect(
      (await settler.hold({ eventId: 'e2', eventTime, accountId: ACCOUNT, refs: [trail, account] })).action,
    ).toBe('coalesced');
    expect((await settler.hold({ eventId: 'e3', eventTime, accountId: ACCOUNT, refs: [trail] })).action).toBe(
      'opened',
    );
  });
});

describe('SettledDescribeSchema', () => {
  const valid = {
    vigil: 'settled-describe',
    version: 1,
    key: 'SETTLE#123456789012#us-east-1#AWS::S3::Bucket#logs',
    windowId: 'e1',
    firstEventTime: '2026-11-23T08:00:00.000Z',
    accountId: ACCOUNT,
    refs: [{ accountId: ACCOUNT, region: 'us-east-1', resourceType: 'AWS::S3::Bucket', lookupId: 'logs' }],
    settleSeconds: 90,
  };

  it('accepts the body a window sends', () => {
    expect(SettledDescribeSchema.safeParse(valid).success).toBe(true);
  });

  it.each([
    ['another version', { version: 2 }],
    ['no refs', { refs: [] }],
    ['a ref in another account', { refs: [{ ...valid.refs[0], accountId: '210987654321' }] }],
    ['a key that does not match its refs', { key: 'SETTLE#123456789012#us-east-1#AWS::S3::Bucket#other' }],
    ['a first event time that is not a time', { firstEventTime: 'yesterday' }],
    ['a settle period past 900 s', { settleSeconds: 901 }],
  ])('refuses %s', (_, change) => {
    const parsed = SettledDescribeSchema.safeParse({ ...valid, ...change });
    expect(parsed.success).toBe(false);
  });
});
