import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { runScan } from '#cli/commands/scan';
import { createServiceClients } from '#shared/aws/service-clients';
import type { EvaluationOutcome } from '#shared/rules/engine';
import { RULES } from '#shared/rules/registry';
import { captureIo } from '#test/support/cli-io';
import { PAIR_SEEDERS } from '#test/support/estate/index';
import type { SeededPair, SeededResource } from '#test/support/estate/pair';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import {
  ACCOUNT,
  cloudTrailCaller,
  type LocalPipeline,
  type LocalSweep,
  localPipeline,
  localSweep,
  REGION,
  storedEvidence,
} from '../pipeline/harness';

/** Verdicts by `resourceType|resourceId|ruleId`, the newest per key. */
type Verdicts = Map<string, EvaluationOutcome>;

const keyOf = (resource: SeededResource, ruleId: string): string =>
  `${resource.resourceType}|${resource.resourceId}|${ruleId}`;

/** Every misconfiguration found and no twin flagged: the list of what went wrong, empty when all is right. */
function disagreements(pairs: readonly SeededPair[], verdicts: Verdicts, path: string): string[] {
  const wrong: string[] = [];
  for (const pair of pairs) {
    for (const ruleId of pair.failingRules) {
      const bad = verdicts.get(keyOf(pair.misconfigured, ruleId));
      if (bad !== 'NON_COMPLIANT')
        wrong.push(
          `${path}: ${ruleId} on ${pair.misconfigured.resourceId} is ${bad ?? 'missing'}, not NON_COMPLIANT`,
        );
      // A twin in a second account (account-scoped types) is proven by its type's own integration test; a
      // twin moto cannot make compliant says so in a gap that starts with the rule id.
      if (pair.compliant.accountId !== undefined && pair.compliant.accountId !== ACCOUNT) continue;
      if ((pair.motoGaps ?? []).some((gap) => gap.startsWith(`${ruleId}:`))) continue;
      const good = verdicts.get(keyOf(pair.compliant, ruleId));
      if (good !== 'COMPLIANT')
        wrong.push(
          `${path}: ${ruleId} on twin ${pair.compliant.resourceId} is ${good ?? 'missing'}, not COMPLIANT`,
        );
    }
  }
  return wrong;
}

async function storedVerdicts(pipeline: LocalPipeline): Promise<Verdicts> {
  const { findings, attestations } = await storedEvidence(pipeline);
  const verdicts: Verdicts = new Map();
  for (const { record } of findings) {
    verdicts.set(
      `${record.resource.resourceType}|${record.resource.resourceId}|${record.ruleId}`,
      record.compliance,
    );
  }
  for (const { record } of attestations) {
    for (const rule of record.rules) {
      const key = `${record.resource.resourceType}|${record.resource.resourceId}|${rule.ruleId}`;
      if (!verdicts.has(key)) verdicts.set(key, rule.compliance);
    }
  }
  return verdicts;
}

describe('every rule-judged type seeded on one moto account: sweep, CloudTrail path and scan --live agree', () => {
  const endpoint = inject('motoEndpoint');
  const pairs: SeededPair[] = [];
  let rules: string[] = [];

  beforeAll(async () => {
    const clients = createServiceClients({
      settings: { ...awsClientConfig(endpoint) },
      serviceSettings: { s3: { forcePathStyle: true } },
    });
    const suffix = uniqueName('all').slice(-8);
    for (const seeder of PAIR_SEEDERS) {
      pairs.push(await seeder.seed(clients, { accountId: ACCOUNT, region: REGION, suffix }));
    }
    rules = [...new Set(pairs.flatMap((pair) => pair.failingRules))].sort();
  }, 240_000);

  it('seeds a misconfigured resource and a compliant twin of every type a rule judges', () => {
    const judged = new Set(RULES.flatMap((rule) => rule.resourceTypes));
    const seeded = new Set(PAIR_SEEDERS.map((seeder) => seeder.resourceType));
    expect([...judged].filter((type) => !seeded.has(type)).sort()).toEqual([]);
  });

  describe('the describe sweep', () => {
    let pipeline: LocalSweep;
    beforeAll(async () => {
      pipeline = await localSweep(endpoint, 'vigil-all-sweep', {
        ENABLED_RULES: rules.join(','),
        INVENTORY_SOURCE: 'describe',
      });
    });
    afterAll(() => pipeline?.close());

    it('finds every misconfiguration and flags no twin', async () => {
      const { status, drained } = await pipeline.sweep();
      expect(drained.deadLetters).toEqual([]);
      expect(status.failures).toEqual([]);
      expect(status.sweep.status).toBe('complete');
      expect(disagreements(pairs, await storedVerdicts(pipeline), 'sweep')).toEqual([]);
    }, 240_000);
  });

  describe('the CloudTrail path', () => {
    let pipeline: LocalPipeline;
    beforeAll(async () => {
      pipeline = await localPipeline(endpoint, 'vigil-all-ct', {
        ENABLED_RULES: rules.join(','),
        INVENTORY_SOURCE: 'describe',
      });
    });
    afterAll(() => pipeline?.close());
    const call = cloudTrailCaller(() => pipeline, Date.parse('2026-12-07T06:00:00.000Z'));

    it('finds every misconfiguration and flags no twin from the write calls that made them', async () => {
      for (const pair of pairs) {
        for (const event of pair.events) {
          if (event.accountId === undefined || event.accountId === ACCOUNT) await call(event);
        }
      }
      expect(disagreements(pairs, await storedVerdicts(pipeline), 'cloudtrail')).toEqual([]);
    }, 240_000);
  });

  describe('vigil scan --live --endpoint', () => {
    it('finds every misconfiguration and flags no twin, reading the account as a laptop would', async () => {
      const io = captureIo({ env: { AWS_REGION: REGION }, now: new Date() });
      const { credentials } = awsClientConfig(endpoint);
      // The default credential chain, as on a laptop: the environment's keys (moto's test account).
      vi.stubEnv('AWS_ACCESS_KEY_ID', credentials.accessKeyId);
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey);
      vi.stubEnv('AWS_PROFILE', '');
      const code = await runScan(
        ['--live', '--endpoint', endpoint, '--region', REGION, '--format', 'json', '--rule', rules.join(',')],
        io,
      );
      expect(io.err()).not.toMatch(/failed/);
      expect([0, 1]).toContain(code);
      const report = JSON.parse(io.out()) as {
        findings: {
          resourceType: string;
          resourceId: string;
          ruleId: string;
          compliance: EvaluationOutcome;
        }[];
      };
      const verdicts: Verdicts = new Map(
        report.findings.map((evaluation) => [
          `${evaluation.resourceType}|${evaluation.resourceId}|${evaluation.ruleId}`,
          evaluation.compliance,
        ]),
      );
      expect(disagreements(pairs, verdicts, 'scan --live')).toEqual([]);
      vi.unstubAllEnvs();
    }, 240_000);
  });
});
