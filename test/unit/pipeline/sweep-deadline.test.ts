import { describe, expect, it } from 'vitest';
import { runSweep } from '#shared/pipeline/sweep';
import type { TriggerDeps } from '#shared/pipeline/triggers';

/** Ports that fail the test if the sweep touches any of them: only the clock may be read. */
const untouchable = new Proxy({ clock: () => new Date('2026-11-23T12:00:00.000Z') } as object, {
  get(target, property) {
    if (property in target) return Reflect.get(target, property);
    throw new Error(`the sweep used deps.${String(property)} after its deadline`);
  },
}) as TriggerDeps;

describe('runSweep with an invocation deadline', () => {
  it('starts no type once too little time is left, and reports each as not reached', async () => {
    const report = await runSweep(untouchable, {
      accountId: '123456789012',
      region: 'us-east-1',
      concurrency: 4,
      source: 'config',
      resourceTypes: ['AWS::S3::Bucket', 'AWS::EC2::SecurityGroup'],
      deadline: { remainingMs: () => 30_000, reserveMs: 41_000 },
    });

    expect(report.items).toBe(0);
    expect(report.failures).toEqual([
      {
        scope: 'AWS::S3::Bucket',
        message: 'not started: sweeping AWS::S3::Bucket (too little of the invocation left)',
      },
      {
        scope: 'AWS::EC2::SecurityGroup',
        message: 'not started: sweeping AWS::EC2::SecurityGroup (too little of the invocation left)',
      },
    ]);
  });
});
