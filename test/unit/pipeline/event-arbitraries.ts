import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { configChangeEventOf, topicItem } from '#test/support/topic-events';

/** Real-shaped Config items of several resource types, from the fixtures. */
function fixtureItems(): unknown[] {
  const root = new URL('../../fixtures/', import.meta.url);
  return ['aws-s3-bucket', 'aws-ec2-securitygroup', 'aws-iam-policy', 'aws-sns-topic'].flatMap((type) =>
    readdirSync(new URL(`${type}/`, root))
      .filter((file) => file.endsWith('.json'))
      .map((file) => JSON.parse(readFileSync(new URL(`${type}/${file}`, root), 'utf8')) as unknown)
      // A few fixtures hold several items (an inventory); the single items are what events carry.
      .filter((item) => item !== null && typeof item === 'object' && !Array.isArray(item)),
  );
}

/** Valid events of every kind the parser reads: item changes, oversized changes, CloudTrail calls. */
export function validEvents(): Record<string, unknown>[] {
  const items = fixtureItems().map((item, index) => ({
    ...configChangeEventOf(
      topicItem({ name: 'seed', captureTime: '2026-11-20T10:00:00.000Z', encrypted: true }),
    ),
    id: `fixture-${index}`,
    detail: {
      messageType: 'ConfigurationItemChangeNotification',
      configurationItemDiff: { changeType: 'UPDATE', changedProperties: {} },
      configurationItem: item,
    },
  }));
  const oversized = {
    version: '0',
    id: 'oversized-1',
    'detail-type': 'Config Configuration Item Change',
    source: 'aws.config',
    account: '123456789012',
    region: 'us-east-1',
    time: '2026-11-20T10:00:00Z',
    detail: {
      messageType: 'OversizedConfigurationItemChangeNotification',
      configurationItemSummary: {
        awsAccountId: '123456789012',
        awsRegion: 'us-east-1',
        resourceType: 'AWS::IAM::Policy',
        resourceId: 'ANPAEXAMPLE',
        configurationItemCaptureTime: '2026-11-20T10:00:00.000Z',
        configurationItemStatus: 'OK',
      },
      s3DeliverySummary: { s3BucketLocation: 'config-bucket/oversized/1.json' },
    },
  };
  const cloudTrail = {
    version: '0',
    id: 'trail-1',
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.s3',
    account: '123456789012',
    region: 'us-east-1',
    time: '2026-11-20T10:00:00Z',
    detail: {
      eventVersion: '1.09',
      eventID: '3c1f0d7e-2c8a-4b1e-9d55-0f6a1b2c3d4e',
      eventTime: '2026-11-20T10:00:00Z',
      eventSource: 's3.amazonaws.com',
      eventName: 'PutBucketPolicy',
      awsRegion: 'us-east-1',
      recipientAccountId: '123456789012',
      userIdentity: { type: 'AssumedRole', accountId: '123456789012' },
      readOnly: false,
      requestParameters: { bucketName: 'vigil-audit-logs', policy: '{}' },
      responseElements: null,
    },
  };
  return [...items, oversized, cloudTrail];
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON value. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((child, index) => [index, child])
    : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/** A copy of `value` with the node at `path` replaced (`undefined` deletes it). */
function withNode(value: Json, path: readonly (string | number)[], replacement: Json | undefined): Json {
  const [head, ...rest] = path;
  if (head === undefined) return replacement === undefined ? null : replacement;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    const child = copy[head];
    if (child === undefined) return copy;
    if (rest.length === 0 && replacement === undefined) copy.splice(head, 1);
    else copy[head] = withNode(child, rest, replacement);
    return copy;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && typeof head === 'string') {
    const copy: { [key: string]: Json } = { ...value };
    const child = copy[head];
    if (child === undefined) return copy;
    if (rest.length === 0 && replacement === undefined) delete copy[head];
    else copy[head] = withNode(child, rest, replacement);
    return copy;
  }
  return value;
}

const replacementArbitrary: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant('x'.repeat(300_000)),
  fc.constant(''),
  fc.constant('2026-13-45T99:99:99Z'),
  fc.jsonValue().map((value) => value as Json),
);

/** A valid event with one to four nodes deleted, retyped or blown up. */
export const mutatedEventArbitrary: fc.Arbitrary<Json> = fc
  .tuple(
    fc.constantFrom(...validEvents()),
    fc.array(fc.tuple(fc.nat(), replacementArbitrary), { minLength: 1, maxLength: 4 }),
  )
  .map(([event, mutations]) => {
    let current = event as Json;
    for (const [pick, replacement] of mutations) {
      const paths = pathsOf(current);
      const path = paths[pick % paths.length] ?? [];
      current = withNode(current, path, replacement);
    }
    return current;
  });

/** Message bodies as a queue might hold them: mutated events, truncated JSON, random JSON, random text. */
export const messageBodyArbitrary: fc.Arbitrary<string> = fc.oneof(
  mutatedEventArbitrary.map((event) => JSON.stringify(event)),
  fc.tuple(fc.constantFrom(...validEvents()), fc.nat()).map(([event, cut]) => {
    const text = JSON.stringify(event);
    return text.slice(0, cut % text.length);
  }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom('', 'null', '[]', '{}', '"text"', '{"detail":{}}', `{"id":"${'9'.repeat(100_000)}"}`),
);
