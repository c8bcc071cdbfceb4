import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Finding } from '#shared/evidence/finding';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import { s3ClientConfig, uniqueName } from '#test/support/moto';
import { pipelineEnv } from '#test/support/pipeline-stack';
import { bundleFunctions } from '../../../scripts/bundle-functions';
import { ACCOUNT, type LocalPipeline, localPipeline, REGION, storedEvidence } from './harness';

const RULES_DIR = 'examples/custom-rules';
const RULE_ID = 's3-bucket-data-classification-tagged';

const run = promisify(execFile);

/**
 * Runs the bundled evaluator's handler on one SQS batch in a fresh Node process, as a Lambda container
 * would: its environment is the function's, its custom rules are the ones bundled into its code.
 */
async function invokeBundled(bundle: string, env: Record<string, string>, batch: unknown): Promise<unknown> {
  const script = `const { handler } = await import(${JSON.stringify(bundle)});
const out = await handler(JSON.parse(process.env.VIGIL_TEST_EVENT), { getRemainingTimeInMillis: () => 60000 });
process.stdout.write(JSON.stringify(out));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', ...env, VIGIL_TEST_EVENT: JSON.stringify(batch) },
    timeout: 120_000,
  });
  return JSON.parse(stdout);
}

describe('a custom rule from a folder, bundled into the evaluator, judges resources on moto', () => {
  const endpoint = inject('motoEndpoint');
  let outDir = '';
  let bundle = '';
  let pipeline: LocalPipeline;
  const s3 = new S3Client(s3ClientConfig(endpoint));
  const suffix = uniqueName('cr').slice(-8);
  const buckets = {
    untagged: `vigil-cr-untagged-${suffix}`,
    unknownLevel: `vigil-cr-secretish-${suffix}`,
    classified: `vigil-cr-confidential-${suffix}`,
  };

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'vigil-custom-evaluator-'));
    const [built] = await bundleFunctions({ outDir, only: ['evaluator'], customRules: RULES_DIR });
    bundle = built?.file ?? '';
    // The in-process runtime stays unused: the bundled handler below builds its own from the environment.
    pipeline = await localPipeline(endpoint, 'vigil-cr');
    for (const bucket of Object.values(buckets)) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const tag = async (bucket: string, value: string) =>
      s3.send(
        new PutBucketTaggingCommand({
          Bucket: bucket,
          Tagging: { TagSet: [{ Key: 'data-classification', Value: value }] },
        }),
      );
    await tag(buckets.unknownLevel, 'secret-ish');
    await tag(buckets.classified, 'confidential');
  }, 180_000);

  afterAll(async () => {
    pipeline?.close();
    s3.destroy();
    await rm(outDir, { recursive: true, force: true });
  });

  it('stores its verdicts as chained findings with its own SOC 2 criteria, beside the built-in rules', async () => {
    const calls = Object.values(buckets).map((bucket) =>
      cloudTrailEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'CreateBucket',
        accountId: ACCOUNT,
        region: REGION,
        requestParameters: { bucketName: bucket },
        responseElements: null,
      }),
    );
    const env = {
      ...pipelineEnv(pipeline.stack),
      ENABLED_RULES: `${RULE_ID},s3-bucket-versioning-enabled`,
      SETTLE_SECONDS: '0',
    };
    const result = await invokeBundled(bundle, env, sqsBatch(calls, { region: REGION, accountId: ACCOUNT }));
    expect(result).toEqual({ batchItemFailures: [] });

    const { findings } = await storedEvidence(pipeline);
    const byBucket = (ruleId: string) =>
      Object.fromEntries(
        findings
          .filter((entry) => entry.record.ruleId === ruleId)
          .map(({ record }): [string, Finding] => [record.resource.resourceId, record]),
      );
    const custom = byBucket(RULE_ID);
    expect(Object.keys(custom).sort()).toEqual(Object.values(buckets).sort());
    expect(custom[buckets.untagged]).toMatchObject({
      compliance: 'NON_COMPLIANT',
      annotation: 'Bucket has no data-classification tag.',
      severity: 'medium',
      soc2: ['C1.1', 'CC6.1'],
      sequence: 1,
    });
    expect(custom[buckets.unknownLevel]?.compliance).toBe('NON_COMPLIANT');
    expect(custom[buckets.unknownLevel]?.annotation).toMatch(/secret-ish is no known level/);
    expect(custom[buckets.classified]).toMatchObject({
      compliance: 'COMPLIANT',
      annotation: 'Bucket is classified confidential.',
    });
    // The built-in rule ran in the same invocation, on the same described items.
    expect(Object.keys(byBucket('s3-bucket-versioning-enabled')).sort()).toEqual(
      Object.values(buckets).sort(),
    );
  }, 180_000);
});
