import { expect } from 'vitest';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { AwsResourceDescriber } from '#shared/describe/aws-describer';
import type { Finding } from '#shared/evidence/finding';
import { cloudTrailEvent, sqsBatch } from '#shared/local/events';
import { RuleEngine } from '#shared/rules/engine';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { type MotoAccount, motoAccountAt, motoAccountId } from '#test/support/estate/accounts';
import type { SeededCall, SeededPair, SeededResource } from '#test/support/estate/pair';
import { uniqueName } from '#test/support/moto';
import type { LocalPipeline } from '../pipeline/harness';
import { storedEvidence } from '../pipeline/harness';

/** The region the describe tests run in. */
export const REGION = 'us-east-1';

/** A moto account of its own for one test file, so account-wide state (IAM, account settings) is not shared. */
export function freshAccount(endpoint: string, label: string): Promise<MotoAccount> {
  return motoAccountAt(endpoint, REGION, motoAccountId(uniqueName(label)));
}

/** Verdicts by resource id, then rule id. */
export type Verdicts = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The catalog's rules that judge a resource type. */
export function rulesOf(resourceType: string) {
  return RULES.filter((rule) => rule.resourceTypes.includes(resourceType));
}

/**
 * The describe path as a sweep runs it: list the type in each account (through `AwsResourceDescriber`,
 * with that account's clients), describe every ref, and judge the items with the catalog's rules.
 */
export async function sweepVerdicts(
  accounts: readonly MotoAccount[],
  resourceType: string,
  region = REGION,
): Promise<{ verdicts: Verdicts; items: ConfigurationItem[] }> {
  const now = new Date().toISOString();
  const items: ConfigurationItem[] = [];
  for (const account of accounts) {
    const describer = new AwsResourceDescriber({ clients: account.clients, region });
    const refs = await describer.listRefs(resourceType, account.accountId, now);
    for (const ref of refs) items.push(await describer.describe(ref));
  }
  const engine = new RuleEngine(rulesOf(resourceType));
  const verdicts = new Map<string, Map<string, string>>();
  for (const item of items) {
    const inventory = createInventory(items.filter((other) => other.accountId === item.accountId));
    const byRule = new Map<string, string>();
    for (const evaluation of engine.evaluate(item, { now: new Date(), inventory })) {
      byRule.set(evaluation.ruleId, evaluation.compliance);
    }
    verdicts.set(item.resourceId, byRule);
  }
  return { verdicts, items };
}

/**
 * The CloudTrail path: each seeded call through the real evaluator (SQS batch of one EventBridge event),
 * a minute apart, in the account it was made in; the pipeline's runtime describes with that account's
 * clients (its evidence store and state table stay the pipeline's), as that account's own evaluator would.
 * Returns the latest stored verdict of each resource and rule.
 */
export async function cloudTrailVerdicts(
  pipeline: LocalPipeline,
  accounts: ReadonlyMap<string, MotoAccount>,
  defaultAccount: string,
  calls: readonly SeededCall[],
): Promise<Verdicts> {
  const { evaluate } = await import('#functions/evaluator');
  let clock = Date.now() - 3_600_000;
  for (const { accountId = defaultAccount, ...call } of calls) {
    const account = accounts.get(accountId);
    if (account === undefined) throw new Error(`no clients for account ${accountId}`);
    clock += 60_000;
    const event = cloudTrailEvent({
      ...call,
      accountId,
      region: REGION,
      eventTime: new Date(clock).toISOString(),
    });
    // The runtime's inventory reads with the pipeline account's credentials, which cannot read another
    // moto account (S3 Control answers AccessDenied, as AWS would): it is left out, so each item is judged by
    // itself, which is all the rules of these types need.
    const { inventory: _pipelineAccountInventory, ...deps } = pipeline.runtime;
    const describer = new AwsResourceDescriber({ clients: account.clients, region: REGION });
    const runtime = {
      ...deps,
      describer,
      access: { reaches: () => true, describer: () => describer, recorder: () => deps.recorder },
    };
    const response = await evaluate(sqsBatch([event], { accountId }), runtime);
    expect(response.batchItemFailures, `${call.eventName} in ${accountId}`).toEqual([]);
  }
  const { findings } = await storedEvidence(pipeline);
  const latest = new Map<string, Map<string, { sequence: number; compliance: Finding['compliance'] }>>();
  for (const { record } of findings) {
    const byRule = latest.get(record.resource.resourceId) ?? new Map();
    const previous = byRule.get(record.ruleId);
    if (previous === undefined || previous.sequence < record.sequence) {
      byRule.set(record.ruleId, { sequence: record.sequence, compliance: record.compliance });
    }
    latest.set(record.resource.resourceId, byRule);
  }
  return new Map(
    [...latest].map(([resourceId, byRule]) => [
      resourceId,
      new Map([...byRule].map(([ruleId, verdict]) => [ruleId, verdict.compliance])),
    ]),
  );
}

/** The misconfigured resource fails every rule it should, and its twin passes each of them. */
export function expectPairJudged(verdicts: Verdicts, pair: SeededPair): void {
  const of = (resource: SeededResource, ruleId: string) => verdicts.get(resource.resourceId)?.get(ruleId);
  for (const ruleId of pair.failingRules) {
    expect(of(pair.misconfigured, ruleId), `misconfigured ${pair.misconfigured.resourceId} ${ruleId}`).toBe(
      'NON_COMPLIANT',
    );
    expect(of(pair.compliant, ruleId), `compliant ${pair.compliant.resourceId} ${ruleId}`).toBe('COMPLIANT');
  }
}
