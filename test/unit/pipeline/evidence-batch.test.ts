import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert, Notifier } from '#shared/alerts/alert';
import type { EvidenceStore } from '#shared/evidence/evidence-store';
import { parseHourKey, serializeBatch } from '#shared/evidence/finding';
import { PipelineError } from '#shared/pipeline/errors';
import { decodePending, EvidenceBatch, encodePending } from '#shared/pipeline/evidence-batch';
import { newFailureAlert, resolvedAlert } from '#test/unit/alerts/alert-fixtures';
import { memoryEvidence } from './memory-ports';

const NOW = new Date('2026-11-23T12:34:56.789Z');

/** Ports that log every call in order; `failPut` names the accounts whose batch put throws. */
function recordingPorts(
  options: { readonly failPut?: readonly string[]; readonly failNotify?: boolean } = {},
) {
  const calls: string[] = [];
  const objects = new Map<string, string>();
  const store = memoryEvidence(objects, new Map());
  const evidence: EvidenceStore = {
    ...store,
    async putBatch(key, body, retainFrom) {
      calls.push(`put ${key}`);
      if (options.failPut?.some((account) => key.startsWith(`findings/${account}/`))) {
        throw new Error('S3 unavailable');
      }
      return store.putBatch(key, body, retainFrom);
    },
  };
  const notifier: Notifier = {
    async notify(alert: Alert) {
      calls.push(`notify ${alert.transition} ${alert.resource.accountId}`);
      if (options.failNotify === true) throw new Error('topic gone');
    },
  };
  return { calls, objects, deps: { evidence, notifier, clock: () => NOW } };
}

function alertIn(accountId: string, base: Alert = newFailureAlert()): Alert {
  return { ...base, resource: { ...base.resource, accountId } };
}

describe('pending evidence kept in a state row', () => {
  it('round-trips lines and alerts through gzip exactly', () => {
    const staged = { lines: ['{"a":1}', '{"b":"ü"}'], alerts: [newFailureAlert(), resolvedAlert()] };
    const body = encodePending(staged);
    expect(body).toBeInstanceOf(Uint8Array);
    expect(body[0]).toBe(0x1f); // gzip magic
    expect(decodePending(body)).toEqual(staged);
  });

  it.each([
    ['bytes that are not gzip', new Uint8Array([1, 2, 3])],
    ['gzip of something else than JSON', new Uint8Array(gzipSync('not json'))],
    ['a body without lines', new Uint8Array(gzipSync(JSON.stringify({ alerts: [] })))],
    [
      'an alert that is not an alert',
      new Uint8Array(gzipSync(JSON.stringify({ lines: [], alerts: [{ transition: 'NEW_FAILURE' }] }))),
    ],
  ])('refuses %s with PipelineError', (_case, body) => {
    expect(() => decodePending(body)).toThrow(PipelineError);
  });
});

describe('EvidenceBatch: one write-once object per account and region per invocation', () => {
  it('keys one object per account and region, dated by the hour of first use, under findings/', () => {
    const { deps } = recordingPorts();
    const batch = new EvidenceBatch(deps);
    const a = batch.keyFor('111111111111', 'us-east-1');
    expect(batch.keyFor('111111111111', 'us-east-1')).toBe(a);
    const b = batch.keyFor('111111111111', 'eu-west-1');
    const c = batch.keyFor('222222222222', 'us-east-1');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(a).toMatch(
      /^findings\/111111111111\/us-east-1\/2026\/11\/23\/12\/20261123T123456\.789Z_[0-9a-f]+-\d+\.jsonl$/,
    );
    expect(parseHourKey(b)).toMatchObject({ accountId: '111111111111', region: 'eu-west-1' });
    expect(parseHourKey(c)?.hourStart).toEqual(new Date('2026-11-23T12:00:00.000Z'));
    // Another invocation never writes to the same object.
    expect(new EvidenceBatch(deps).keyFor('111111111111', 'us-east-1')).not.toBe(a);
  });

  it('writes the staged lines in staging order, one object per group, and nothing for an unused key', async () => {
    const { deps, objects } = recordingPorts();
    const batch = new EvidenceBatch(deps);
    batch.stage('111111111111', 'us-east-1', { lines: ['{"n":1}', '{"n":2}'], alerts: [] }, 'm1');
    batch.stage('222222222222', 'us-east-1', { lines: ['{"n":3}'], alerts: [] }, 'm2');
    batch.stage('111111111111', 'us-east-1', { lines: ['{"n":4}'], alerts: [] }, 'm3');
    batch.keyFor('333333333333', 'us-east-1');
    expect(batch.isEmpty).toBe(false);

    const report = await batch.flush();

    expect(report.failures).toEqual([]);
    expect(report.written).toHaveLength(2);
    expect(objects.get(batch.keyFor('111111111111', 'us-east-1'))).toBeUndefined(); // a new key after a flush
    const bodies = [...objects.values()].sort();
    expect(bodies).toEqual([serializeBatch(['{"n":1}', '{"n":2}', '{"n":4}']), serializeBatch(['{"n":3}'])]);
    expect(batch.isEmpty).toBe(true);
  });

  it('publishes a group’s alerts before its put, so a failed publish leaves it unstored', async () => {
    const ok = recordingPorts();
    const batch = new EvidenceBatch(ok.deps);
    batch.stage(
      '111111111111',
      'us-east-1',
      { lines: ['{"n":1}'], alerts: [alertIn('111111111111'), alertIn('111111111111', resolvedAlert())] },
      'm1',
    );
    const key = batch.keyFor('111111111111', 'us-east-1');
    await batch.flush();
    expect(ok.calls).toEqual([
      'notify NEW_FAILURE 111111111111',
      'notify RESOLVED 111111111111',
      `put ${key}`,
    ]);

    const failing = recordingPorts({ failNotify: true });
    const again = new EvidenceBatch(failing.deps);
    again.stage('111111111111', 'us-east-1', { lines: ['{"n":1}'], alerts: [alertIn('111111111111')] }, 'm1');
    const report = await again.flush();
    expect(failing.calls).toEqual(['notify NEW_FAILURE 111111111111']);
    expect(failing.objects.size).toBe(0);
    expect(report.failures.map((failure) => failure.tags)).toEqual([['m1']]);
  });

  it('fails only the tags of a group whose put failed; the other groups are written and confirmed', async () => {
    const { deps, objects } = recordingPorts({ failPut: ['222222222222'] });
    const batch = new EvidenceBatch(deps);
    batch.stage('111111111111', 'us-east-1', { lines: ['{"n":1}'], alerts: [] }, 'm1', 'claim-1');
    batch.stage('222222222222', 'us-east-1', { lines: ['{"n":2}'], alerts: [] }, 'm2', 'claim-2');
    batch.stage('222222222222', 'us-east-1', { lines: ['{"n":3}'], alerts: [] }, 'm3');
    batch.stage('111111111111', 'us-east-1', { lines: ['{"n":4}'], alerts: [] }, 'm3');
    const good = batch.keyFor('111111111111', 'us-east-1');
    const bad = batch.keyFor('222222222222', 'us-east-1');
    // A claim is held by the batch only under the key it was staged to.
    expect(batch.holdsClaim(good, 'claim-1')).toBe(true);
    expect(batch.holdsClaim(bad, 'claim-1')).toBe(false);
    expect(batch.holdsClaim(good, 'claim-unstaged')).toBe(false);

    const report = await batch.flush();

    expect(report.written).toEqual([good]);
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({ key: bad, tags: ['m2', 'm3'] });
    expect([...objects.keys()]).toEqual([good]);
    expect(batch.isConfirmed(good)).toBe(true);
    expect(batch.isConfirmed(bad)).toBe(false);
    // Flushed either way: a claim pending under the failed key is another invocation's to recover.
    expect(batch.holdsClaim(good, 'claim-1')).toBe(false);
    expect(batch.holdsClaim(bad, 'claim-2')).toBe(false);
  });

  it('flushOrThrow names the object that was not stored', async () => {
    const { deps } = recordingPorts({ failPut: ['111111111111'] });
    const batch = new EvidenceBatch(deps);
    batch.stage('111111111111', 'us-east-1', { lines: ['{"n":1}'], alerts: [] });
    const key = batch.keyFor('111111111111', 'us-east-1');
    const error = await batch.flushOrThrow().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).message).toBe(`evidence batch ${key} was not stored: S3 unavailable`);
  });
});

describe('EvidenceBatch.isStored: is a pending object stored?', () => {
  it('asks the store once for concurrent questions about one key, and never again once it is stored', async () => {
    const { deps, objects } = recordingPorts();
    const key = `findings/111122223333/us-east-1/2026/11/23/12/single-flight-${Date.now()}.jsonl`;
    objects.set(key, '{}\n');
    let asked = 0;
    const batch = new EvidenceBatch({
      ...deps,
      evidence: {
        ...deps.evidence,
        exists: async (asking) => {
          asked++;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return objects.has(asking);
        },
      },
    });
    expect(await Promise.all(Array.from({ length: 8 }, () => batch.isStored(key)))).toEqual(
      Array.from({ length: 8 }, () => true),
    );
    expect(await batch.isStored(key)).toBe(true);
    expect(asked).toBe(1);
  });

  it('asks again after a missing answer (the object may be written later)', async () => {
    const { deps } = recordingPorts();
    const key = `findings/111122223333/us-east-1/2026/11/23/12/missing-${Date.now()}.jsonl`;
    let asked = 0;
    const batch = new EvidenceBatch({
      ...deps,
      evidence: {
        ...deps.evidence,
        exists: async () => {
          asked++;
          return false;
        },
      },
    });
    expect(await batch.isStored(key)).toBe(false);
    expect(await batch.isStored(key)).toBe(false);
    expect(asked).toBe(2);
  });
});
