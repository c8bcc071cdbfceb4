import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServiceClients } from '#shared/aws/service-clients';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import type { ResourceRef } from '#shared/describe/describer';
import type { ServiceClients } from '#shared/describe/service-clients';
import type { EvaluationOutcome } from '#shared/rules/engine';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import type { PairSeeder, SeededPair, SeededResource } from '#test/support/estate/pair';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import {
  ACCOUNT,
  chainProblems,
  cloudTrailCaller,
  findingsOf,
  type LocalPipeline,
  localPipeline,
  REGION,
} from '../pipeline/harness';

/** One CloudTrail call as a seeder reports it. */
type SeededCall = SeededPair['events'][number];

/** Options of {@link provesSeededPair}. */
export interface PairProofOptions {
  /**
   * Deletes the misconfigured resource through the real API and returns the CloudTrail call that did it: the
   * describer must then record it deleted, and the event path must mark its verdicts NOT_APPLICABLE.
   */
  readonly deleteMisconfigured?: (clients: ServiceClients, pair: SeededPair) => Promise<SeededCall>;
}

/** Whether a listed ref names a seeded resource (trails are listed by ARN, recorded by name). */
function names(ref: ResourceRef, resource: SeededResource): boolean {
  return (
    ref.lookupId === resource.resourceId ||
    ref.resourceId === resource.resourceId ||
    ref.lookupId.endsWith(`/${resource.resourceId}`)
  );
}

/**
 * The proof every describable type owes on moto: its seeder builds a misconfigured resource and a compliant
 * twin through the real APIs; (a) the lister finds both, the describer builds their items, and the rule
 * engine fails the misconfigured one on every rule the seeder names while the twin passes them; (b) the
 * seeder's CloudTrail calls, fed through the real evaluator (describe inventory, the type's rules enabled),
 * leave the same verdicts in the stored evidence.
 */
export function provesSeededPair(seeder: PairSeeder, options: PairProofOptions = {}): void {
  const type = seeder.resourceType;
  const rules = RULES.filter((rule) => rule.resourceTypes.includes(type));

  describe(`${type}: a misconfigured resource and its compliant twin, seeded on moto`, () => {
    const endpoint = inject('motoEndpoint');
    const created: { destroy(): void }[] = [];
    let clients: ServiceClients;
    let pair: SeededPair;
    let pipeline: LocalPipeline;
    const call = cloudTrailCaller(() => pipeline, Date.now() - 3_600_000);

    beforeAll(async () => {
      clients = createServiceClients({
        settings: { ...awsClientConfig(endpoint), forcePathStyle: true },
        track: (client) => {
          created.push(client);
          return client;
        },
      });
      pair = await seeder.seed(clients, { accountId: ACCOUNT, region: REGION, suffix: uniqueName('p') });
      pipeline = await localPipeline(endpoint, 'vigil-pair', {
        ENABLED_RULES: rules.map((rule) => rule.id).join(','),
        INVENTORY_SOURCE: 'describe',
      });
    });

    afterAll(() => {
      for (const client of created) client.destroy();
      pipeline?.close();
    });

    it('names rules of its own type, and two resources of it', () => {
      expect(pair.failingRules.length).toBeGreaterThan(0);
      for (const ruleId of pair.failingRules) expect(rules.map((rule) => rule.id)).toContain(ruleId);
      expect(pair.misconfigured.resourceType).toBe(type);
      expect(pair.compliant.resourceType).toBe(type);
      expect(pair.misconfigured.resourceId).not.toBe(pair.compliant.resourceId);
      expect(pair.events.length).toBeGreaterThanOrEqual(2);
    });

    it('the describe sweep lists both, and the rules fail the misconfigured one and pass its twin', async () => {
      const describer = new AwsResourceDescriber({ clients, region: REGION });
      const captureTime = new Date().toISOString();
      const refs = await describer.listRefs(type, ACCOUNT, captureTime);
      const items: ConfigurationItem[] = [];
      for (const resource of [pair.misconfigured, pair.compliant]) {
        const ref = refs.find((candidate) => names(candidate, resource));
        expect(ref, `${resource.resourceId} is listed`).toBeDefined();
        if (ref === undefined) continue;
        const item = await describer.describe(ref);
        expect(item).toMatchObject({ status: 'OK', resourceType: type, resourceId: resource.resourceId });
        items.push(item);
      }
      const engine = new RuleEngine(rules);
      const inventory = createInventory(items);
      const now = new Date();
      const verdicts = (item: ConfigurationItem | undefined): Map<string, EvaluationOutcome> =>
        new Map(
          (item === undefined ? [] : engine.evaluate(item, { now, inventory })).map((evaluation) => [
            evaluation.ruleId,
            evaluation.compliance,
          ]),
        );
      const [misconfigured, compliant] = [verdicts(items[0]), verdicts(items[1])];
      for (const ruleId of pair.failingRules) {
        expect(misconfigured.get(ruleId), `${ruleId} on the misconfigured resource`).toBe('NON_COMPLIANT');
        expect(compliant.get(ruleId), `${ruleId} on the compliant twin`).toBe('COMPLIANT');
      }
    });

    it("the seeding's CloudTrail calls, through the evaluator, store the same verdicts", async () => {
      for (const event of pair.events) await call(event);
      for (const [resource, expected] of [
        [pair.misconfigured, 'NON_COMPLIANT'],
        [pair.compliant, 'COMPLIANT'],
      ] as const) {
        const findings = await findingsOf(pipeline, resource.resourceId);
        for (const ruleId of pair.failingRules) {
          const chain = findings.filter((finding) => finding.ruleId === ruleId);
          expect(chain.length, `${ruleId} on ${resource.resourceId} is recorded`).toBeGreaterThan(0);
          // Seeding ended before the first event: every describe saw the final state, so no twin is ever flagged.
          expect(
            chain.map((finding) => finding.compliance),
            `${ruleId} on ${resource.resourceId}`,
          ).toEqual(chain.map(() => expected));
        }
      }
      expect(await chainProblems(pipeline)).toEqual([]);
    });

    if (options.deleteMisconfigured !== undefined) {
      const deleteMisconfigured = options.deleteMisconfigured;
      it('a deleted resource is described as deleted, and its verdicts become NOT_APPLICABLE', async () => {
        const event = await deleteMisconfigured(clients, pair);
        const describer = new AwsResourceDescriber({ clients, region: REGION });
        const [ref] = refsFromCloudTrail(
          {
            eventID: 'delete',
            eventTime: new Date().toISOString(),
            eventSource: event.eventSource,
            eventName: event.eventName,
            awsRegion: REGION,
            recipientAccountId: ACCOUNT,
            requestParameters: event.requestParameters ?? null,
            responseElements: event.responseElements ?? null,
          },
          ACCOUNT,
        );
        expect(ref).toBeDefined();
        if (ref === undefined) return;
        expect(await describer.describe(ref)).toMatchObject({
          status: 'ResourceDeleted',
          resourceId: pair.misconfigured.resourceId,
        });
        await call(event);
        const findings = await findingsOf(pipeline, pair.misconfigured.resourceId);
        for (const ruleId of pair.failingRules) {
          const last = findings.filter((finding) => finding.ruleId === ruleId).at(-1);
          expect(last?.compliance, ruleId).toBe('NOT_APPLICABLE');
        }
      });
    }
  });
}
