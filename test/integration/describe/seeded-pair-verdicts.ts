import { createServiceClients } from '#shared/aws/service-clients';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { isDeleted } from '#shared/config-item/configuration-item';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import type { ServiceClients } from '#shared/describe/service-clients';
import type { EvaluationOutcome } from '#shared/rules/engine';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import type { SeededPair } from '#test/support/estate/pair';
import { awsClientConfig } from '#test/support/moto';
import {
  ACCOUNT,
  cloudTrailCaller,
  type LocalPipeline,
  localPipeline,
  REGION,
  storedEvidence,
} from '../pipeline/harness';

/** Each rule's verdict on the seeded misconfigured resource and on its twin. */
export interface PairVerdicts {
  readonly misconfigured: Readonly<Record<string, EvaluationOutcome>>;
  readonly compliant: Readonly<Record<string, EvaluationOutcome>>;
}

/** Service clients of the moto account every integration test shares, and a way to close them. */
export function motoClients(endpoint: string): ServiceClients & { destroy(): void } {
  const created: { destroy(): void }[] = [];
  const clients = createServiceClients({
    settings: { ...awsClientConfig(endpoint) },
    track: (client) => {
      created.push(client);
      return client;
    },
  });
  return {
    client: (service) => clients.client(service),
    destroy: () => {
      for (const client of created) client.destroy();
    },
  };
}

/**
 * The describe sweep on moto: lists every resource of the pair's type and of the types its rules read
 * through {@link AwsResourceDescriber}, describes them, and judges the two seeded resources with the rule
 * engine against that inventory. Throws when the lister misses a seeded resource.
 */
export async function sweepVerdicts(
  clients: ServiceClients,
  pair: SeededPair,
  now = new Date(),
): Promise<PairVerdicts & { readonly items: readonly ConfigurationItem[] }> {
  const rules = RULES.filter((rule) => pair.failingRules.includes(rule.id));
  const resourceType = pair.misconfigured.resourceType;
  const types = [...new Set([resourceType, ...rules.flatMap((rule) => rule.reads ?? [])])];
  const describer = new AwsResourceDescriber({ clients, region: REGION });
  const captureTime = now.toISOString();
  const refs = (
    await Promise.all(types.map((type) => describer.listRefs(type, ACCOUNT, captureTime)))
  ).flat();
  const items: ConfigurationItem[] = [];
  for (const ref of refs) items.push(await describer.describe(ref));
  const inventory = createInventory(items.filter((item) => !isDeleted(item)));
  const engine = new RuleEngine(rules);
  const verdicts = (resourceId: string): Record<string, EvaluationOutcome> => {
    const item = items.find(
      (candidate) => candidate.resourceType === resourceType && candidate.resourceId === resourceId,
    );
    if (item === undefined) throw new Error(`the ${resourceType} lister did not find ${resourceId}`);
    return Object.fromEntries(
      engine
        .evaluate(item, { now, inventory })
        .map((evaluation) => [evaluation.ruleId, evaluation.compliance]),
    );
  };
  return {
    misconfigured: verdicts(pair.misconfigured.resourceId),
    compliant: verdicts(pair.compliant.resourceId),
    items,
  };
}

/**
 * The CloudTrail path: a fresh pipeline on moto (describe inventory, only the pair's rules enabled) is fed
 * the seeder's calls through the real evaluator; the verdicts are each rule's latest stored finding on the
 * two resources.
 */
export async function eventVerdicts(
  endpoint: string,
  prefix: string,
  pair: SeededPair,
): Promise<PairVerdicts> {
  let pipeline: LocalPipeline | undefined;
  try {
    pipeline = await localPipeline(endpoint, prefix, {
      ENABLED_RULES: pair.failingRules.join(','),
      INVENTORY_SOURCE: 'describe',
    });
    const opened = pipeline;
    const call = cloudTrailCaller(() => opened, Date.now() - 3_600_000);
    for (const event of pair.events) await call(event);
    const { findings } = await storedEvidence(opened);
    const latest = (resourceId: string): Record<string, EvaluationOutcome> => {
      const verdicts: Record<string, EvaluationOutcome> = {};
      for (const { record } of findings) {
        // storedEvidence sorts by resource, rule and sequence: the last one of a rule is its current verdict.
        if (record.resource.resourceId === resourceId) verdicts[record.ruleId] = record.compliance;
      }
      return verdicts;
    };
    return {
      misconfigured: latest(pair.misconfigured.resourceId),
      compliant: latest(pair.compliant.resourceId),
    };
  } finally {
    pipeline?.close();
  }
}
