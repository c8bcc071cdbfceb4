import { expect } from 'vitest';
import { createServiceClients } from '#shared/aws/service-clients';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import type { ServiceClients } from '#shared/describe/service-clients';
import { describeInventorySource } from '#shared/pipeline/inventory-sources';
import { selectRules } from '#shared/pipeline/runtime';
import { type EvaluationOutcome, RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import type { SeededPair } from '#test/support/estate/pair';
import { awsClientConfig } from '#test/support/moto';
import {
  ACCOUNT,
  chainOf,
  cloudTrailCaller,
  type LocalPipeline,
  localPipeline,
  REGION,
} from '../pipeline/harness';

/** The latest verdict of each rule, for the misconfigured resource and its twin. */
export interface PairVerdicts {
  readonly misconfigured: Readonly<Record<string, EvaluationOutcome | undefined>>;
  readonly compliant: Readonly<Record<string, EvaluationOutcome | undefined>>;
}

/** Service clients on the moto server, created on first use; `destroy` is left to the process end. */
export function motoClients(endpoint: string): ServiceClients {
  return createServiceClients({ settings: { ...awsClientConfig(endpoint) } });
}

/**
 * The describe sweep's view of a seeded pair: lists the type through `AwsResourceDescriber` (both resources
 * must be listed), describes each, and judges it with `rules` and the inventory their `reads` need, read
 * through the service APIs as an evaluator with the describe inventory source reads it.
 */
export async function sweepVerdicts(
  endpoint: string,
  seeded: SeededPair,
  rules: readonly string[],
): Promise<PairVerdicts> {
  const describer = new AwsResourceDescriber({ clients: motoClients(endpoint), region: REGION });
  const resourceType = seeded.misconfigured.resourceType;
  const now = new Date().toISOString();
  const listed = await describer.listRefs(resourceType, ACCOUNT, now);
  const engine = new RuleEngine(selectRules(rules));
  const reads = [...new Set(engine.rulesFor(resourceType).flatMap((rule) => rule.reads ?? []))];
  const others = await describeInventorySource(describer).itemsOfTypes(
    { accountId: ACCOUNT, region: REGION },
    reads,
  );
  const verdictsOf = async (resourceId: string) => {
    const ref = listed.find((candidate) => candidate.lookupId === resourceId);
    expect(ref, `${resourceType} ${resourceId} is listed`).toBeDefined();
    const item = await describer.describe(
      ref ?? { accountId: ACCOUNT, region: REGION, resourceType, lookupId: resourceId, captureTime: now },
    );
    expect(item.resourceId).toBe(resourceId);
    const evaluations = engine.evaluate(item, {
      now: new Date(),
      inventory: createInventory([...others, item]),
    });
    return Object.fromEntries(evaluations.map((evaluation) => [evaluation.ruleId, evaluation.compliance]));
  };
  return {
    misconfigured: await verdictsOf(seeded.misconfigured.resourceId),
    compliant: await verdictsOf(seeded.compliant.resourceId),
  };
}

/**
 * The event path's view of a seeded pair: a local pipeline (describe inventory source, only `rules` enabled)
 * receives the seeder's CloudTrail calls through the real evaluator handler, and the latest stored finding
 * of each rule is read back from the evidence bucket.
 */
export async function eventVerdicts(
  endpoint: string,
  prefix: string,
  seeded: SeededPair,
  rules: readonly string[],
): Promise<PairVerdicts & { readonly pipeline: LocalPipeline }> {
  const pipeline = await localPipeline(endpoint, prefix, {
    ENABLED_RULES: rules.join(','),
    INVENTORY_SOURCE: 'describe',
  });
  const call = cloudTrailCaller(() => pipeline, Date.now());
  for (const event of seeded.events) await call(event);
  const latest = async (resourceId: string) =>
    Object.fromEntries(
      await Promise.all(
        rules.map(async (ruleId) => [
          ruleId,
          (await chainOf(pipeline, resourceId, ruleId)).at(-1)?.compliance,
        ]),
      ),
    );
  return {
    pipeline,
    misconfigured: await latest(seeded.misconfigured.resourceId),
    compliant: await latest(seeded.compliant.resourceId),
  };
}

/** The misconfigured resource fails every failing rule; its twin is never NON_COMPLIANT for them. */
export function expectPairJudged(seeded: SeededPair, verdicts: PairVerdicts): void {
  for (const ruleId of seeded.failingRules) {
    expect(verdicts.misconfigured[ruleId], `${seeded.misconfigured.resourceId} ${ruleId}`).toBe(
      'NON_COMPLIANT',
    );
    expect(verdicts.compliant[ruleId], `${seeded.compliant.resourceId} ${ruleId}`).toBe('COMPLIANT');
  }
}
