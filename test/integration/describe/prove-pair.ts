import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServiceClients } from '#shared/aws/service-clients';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { isDeleted } from '#shared/config-item/configuration-item';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import type { Finding } from '#shared/evidence/finding';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import type { PairSeeder, SeededPair } from '#test/support/estate/pair';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import {
  ACCOUNT,
  cloudTrailCaller,
  findingsOf,
  type LocalPipeline,
  localPipeline,
  REGION,
} from '../pipeline/harness';

/** The newest finding of each rule, by rule id. */
function latestByRule(findings: readonly Finding[]): Map<string, Finding> {
  const latest = new Map<string, Finding>();
  for (const finding of findings) {
    const seen = latest.get(finding.ruleId);
    if (seen === undefined || finding.sequence > seen.sequence) latest.set(finding.ruleId, finding);
  }
  return latest;
}

/**
 * Proves one resource type on moto with its estate seeder: the seeded pair is listed and described through
 * the service APIs (no Config recorder) and the rules fail the misconfigured resource and pass its twin; then
 * the CloudTrail calls that made the pair, fed through the real evaluator with the describe inventory, store
 * the same verdicts as evidence.
 */
export function provePair(seeder: PairSeeder): void {
  describe(`${seeder.resourceType} on moto: a misconfigured resource and its compliant twin`, () => {
    const endpoint = inject('motoEndpoint');
    const created: { destroy(): void }[] = [];
    const clients = createServiceClients({
      settings: { ...awsClientConfig(endpoint) },
      track: (client) => {
        created.push(client);
        return client;
      },
    });
    let pair: SeededPair;
    let pipeline: LocalPipeline | undefined;

    beforeAll(async () => {
      pair = await seeder.seed(clients, { accountId: ACCOUNT, region: REGION, suffix: uniqueName('p') });
    });

    afterAll(() => {
      for (const client of created) client.destroy();
      pipeline?.close();
    });

    const rulesOf = (ids: readonly string[]) => RULES.filter((rule) => ids.includes(rule.id));

    it('the describe sweep lists and describes both, and the rules fail only the misconfigured one', async () => {
      const rules = rulesOf(pair.failingRules);
      expect(rules.map((rule) => rule.id).sort()).toEqual([...pair.failingRules].sort());
      const describer = new AwsResourceDescriber({ clients, region: REGION });
      const types = [
        ...new Set([
          seeder.resourceType,
          pair.misconfigured.resourceType,
          pair.compliant.resourceType,
          ...rules.flatMap((rule) => rule.reads ?? []),
        ]),
      ];
      const now = new Date().toISOString();
      const items: ConfigurationItem[] = [];
      for (const type of types) {
        for (const ref of await describer.listRefs(type, ACCOUNT, now)) {
          const item = await describer.describe(ref);
          if (!isDeleted(item)) items.push(item);
        }
      }
      const inventory = createInventory(items);
      const engine = new RuleEngine(rules);
      const verdicts = (resource: SeededPair['misconfigured']) => {
        const item = items.find(
          (candidate) =>
            candidate.resourceType === resource.resourceType && candidate.resourceId === resource.resourceId,
        );
        expect(item, `${resource.resourceType} ${resource.resourceId} is listed and described`).toBeDefined();
        if (item === undefined) return {};
        return Object.fromEntries(
          engine
            .evaluate(item, { now: new Date(), inventory })
            .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
        );
      };
      const expected = (compliance: string) =>
        Object.fromEntries(pair.failingRules.map((ruleId) => [ruleId, compliance]));
      expect(verdicts(pair.misconfigured)).toEqual(expected('NON_COMPLIANT'));
      expect(verdicts(pair.compliant)).toEqual(expected('COMPLIANT'));
    });

    it('the CloudTrail calls that made them reach the same verdicts through the evaluator', async () => {
      const local = await localPipeline(endpoint, 'vigil-pair', {
        ENABLED_RULES: pair.failingRules.join(','),
        INVENTORY_SOURCE: 'describe',
      });
      pipeline = local;
      const call = cloudTrailCaller(() => local, Date.parse('2026-11-23T08:00:00.000Z'));
      for (const event of pair.events) await call(event);
      const stored = async (resource: SeededPair['misconfigured']) =>
        Object.fromEntries(
          [...latestByRule(await findingsOf(local, resource.resourceId))].map(([ruleId, finding]) => [
            ruleId,
            finding.compliance,
          ]),
        );
      const expected = (compliance: string) =>
        Object.fromEntries(pair.failingRules.map((ruleId) => [ruleId, compliance]));
      expect(await stored(pair.misconfigured)).toEqual(expected('NON_COMPLIANT'));
      expect(await stored(pair.compliant)).toEqual(expected('COMPLIANT'));
    });
  });
}
