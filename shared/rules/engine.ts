import { type ConfigurationItem, isDeleted } from '#shared/config-item/configuration-item';
import type { FrameworkId } from '#shared/frameworks/framework';
import { controls } from '#shared/frameworks/registry';
import { type Soc2Criterion, soc2Criteria } from '#shared/frameworks/soc2';
import {
  createInventory,
  type Inventory,
  type InventoryReads,
  type InventoryRef,
  NO_INVENTORY_READS,
} from './inventory';
import { resolveParameters } from './parameters';
import { ACCOUNT_RESOURCE_TYPE, type Compliance, type Parameters, type Rule, type Severity } from './rule';

/** AWS Config keeps at most this many characters of an annotation. */
export const ANNOTATION_MAX_LENGTH = 256;

/** The outcome of one rule on one resource: a rule's verdict, or `ERROR` when the rule itself failed. */
export type EvaluationOutcome = Compliance | 'ERROR';

/** One rule evaluated against one configuration item; pure data, no timestamps of its own. */
export interface Evaluation {
  readonly ruleId: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly arn?: string;
  readonly accountId: string;
  readonly region: string;
  /** Capture time of the configuration item judged; orders evaluations of the same resource. */
  readonly captureTime: string;
  readonly compliance: EvaluationOutcome;
  readonly annotation: string;
  /** The SOC 2 criteria the rule serves, from the SOC 2 pack (the default framework). */
  readonly soc2: readonly Soc2Criterion[];
  readonly severity: Severity;
}

/** Options of one evaluation call. */
export interface EvaluateOptions {
  readonly now: Date;
  readonly inventory: Inventory;
}

interface PreparedRule {
  readonly rule: Rule;
  readonly parameters: Parameters;
  /** Looked up once here rather than per evaluation. */
  readonly soc2: readonly Soc2Criterion[];
}

/** Cuts an annotation to what AWS Config accepts, marking the cut. */
export function truncateAnnotation(text: string): string {
  return text.length <= ANNOTATION_MAX_LENGTH ? text : `${text.slice(0, ANNOTATION_MAX_LENGTH - 1)}…`;
}

/**
 * Runs rules over configuration items. Parameters are resolved once at construction; a rule that
 * throws yields an `ERROR` evaluation tagged with its id and never stops the others.
 */
export class RuleEngine {
  readonly rules: readonly Rule[];
  readonly #byResourceType = new Map<string, PreparedRule[]>();
  readonly #byReadType = new Map<string, Rule[]>();

  /**
   * @param rules the catalog (or a subset) to run.
   * @param parameterOverrides per rule id, parameter values that replace the defaults.
   * @param criteriaOf the SOC 2 criteria of a rule (default: the SOC 2 pack's mapping).
   * @throws RuleParameterError on an override the rule does not accept.
   */
  constructor(
    rules: readonly Rule[],
    parameterOverrides: Readonly<Record<string, Record<string, unknown>>> = {},
    criteriaOf: (ruleId: string) => readonly Soc2Criterion[] = soc2Criteria,
  ) {
    this.rules = rules;
    for (const rule of rules) {
      const prepared = {
        rule,
        parameters: resolveParameters(rule, parameterOverrides[rule.id]),
        soc2: criteriaOf(rule.id),
      };
      for (const type of rule.resourceTypes) {
        const list = this.#byResourceType.get(type) ?? [];
        list.push(prepared);
        this.#byResourceType.set(type, list);
      }
      for (const type of rule.reads ?? []) {
        const list = this.#byReadType.get(type) ?? [];
        list.push(rule);
        this.#byReadType.set(type, list);
      }
    }
  }

  /** Rules that judge items of this resource type. */
  rulesFor(resourceType: string): readonly Rule[] {
    return (this.#byResourceType.get(resourceType) ?? []).map((prepared) => prepared.rule);
  }

  /** Whether some rule judging items of this resource type reads other resources from the inventory. */
  needsInventory(resourceType: string): boolean {
    return (this.#byResourceType.get(resourceType) ?? []).some(({ rule }) => (rule.reads ?? []).length > 0);
  }

  /** The control ids of a framework that a rule serves, from that framework's pack (none if unmapped). */
  controls(frameworkId: FrameworkId, ruleId: string): readonly string[] {
    return controls(frameworkId, ruleId);
  }

  /** Rules that read this resource type from the inventory, so a change to it may change their verdict. */
  rulesReading(resourceType: string): readonly Rule[] {
    return this.#byReadType.get(resourceType) ?? [];
  }

  /**
   * Whether a rule may name resources of this type with `readsOf`, so that an item of it read by other
   * means (a sweep, a CloudTrail call) is worth keeping for such reads.
   */
  namesResourcesOf(resourceType: string): boolean {
    return this.rulesReading(resourceType).some((rule) => rule.readsOf !== undefined);
  }

  /**
   * What the rules judging `item` need from the inventory: every item of the types a rule `reads` without
   * naming them, and the resources rules name with `readsOf` (nothing for a deleted item, which no rule
   * judges). A `readsOf` that throws adds nothing: the same rule's `evaluate` reports the fault.
   */
  inventoryReads(item: ConfigurationItem): InventoryReads {
    const prepared = this.#byResourceType.get(item.resourceType);
    if (prepared === undefined || isDeleted(item)) return NO_INVENTORY_READS;
    const types = new Set<string>();
    const resources: InventoryRef[] = [];
    for (const { rule, parameters } of prepared) {
      if (rule.readsOf === undefined) {
        for (const type of rule.reads ?? []) types.add(type);
        continue;
      }
      try {
        resources.push(...rule.readsOf(item, parameters));
      } catch {
        // evaluate() meets the same item and turns the fault into an ERROR evaluation.
      }
    }
    if (types.size === 0 && resources.length === 0) return NO_INVENTORY_READS;
    return { types: [...types].sort(), resources };
  }

  /**
   * Every applicable rule on one item; a deleted item is NOT_APPLICABLE to all of them, and so is a live
   * item whose configuration was not recorded (no rule gives a verdict from data that was not collected).
   */
  evaluate(item: ConfigurationItem, options: EvaluateOptions): Evaluation[] {
    const prepared = this.#byResourceType.get(item.resourceType);
    if (!prepared) return [];
    const skipped = isDeleted(item)
      ? `Resource status is ${item.status}.`
      : item.configuration === null
        ? `The configuration of ${item.resourceType} ${item.resourceId} was not recorded (status ${item.status}).`
        : undefined;
    const evaluations: Evaluation[] = [];
    for (const entry of prepared) {
      const { rule, parameters } = entry;
      if (skipped !== undefined) {
        evaluations.push(toEvaluation(entry, item, 'NOT_APPLICABLE', skipped));
        continue;
      }
      try {
        const verdict = rule.evaluate(item, { parameters, now: options.now, inventory: options.inventory });
        evaluations.push(toEvaluation(entry, item, verdict.compliance, verdict.annotation));
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        evaluations.push(toEvaluation(entry, item, 'ERROR', `Rule ${rule.id} failed: ${message}`));
      }
    }
    return evaluations;
  }

  /**
   * Evaluates a whole recorded estate: every item, plus account-level rules once per account
   * (on the account's `AWS::::Account` item when recorded, otherwise on a synthesized one).
   */
  scan(items: readonly ConfigurationItem[], options: { readonly now: Date }): Evaluation[] {
    const evaluations: Evaluation[] = [];
    for (const [accountId, accountItems] of groupByAccount(items)) {
      const inventory = createInventory(accountItems.filter((item) => !isDeleted(item)));
      const tally = new AccountItemTally();
      for (const item of accountItems) {
        tally.add(item);
        evaluations.push(...this.evaluate(item, { now: options.now, inventory }));
      }
      if (!tally.hasAccountItem && this.#byResourceType.has(ACCOUNT_RESOURCE_TYPE)) {
        evaluations.push(...this.evaluate(tally.synthesize(accountId), { now: options.now, inventory }));
      }
    }
    return evaluations;
  }
}

function toEvaluation(
  { rule, soc2 }: PreparedRule,
  item: ConfigurationItem,
  compliance: EvaluationOutcome,
  annotation: string,
): Evaluation {
  // Assignments rather than conditional spreads: this runs for every evaluation, and spreads allocate.
  const evaluation: { -readonly [K in keyof Evaluation]: Evaluation[K] } = {
    ruleId: rule.id,
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    accountId: item.accountId,
    region: item.region,
    captureTime: item.captureTime,
    compliance,
    annotation: truncateAnnotation(annotation),
    soc2,
    severity: rule.severity,
  };
  if (item.resourceName !== undefined) evaluation.resourceName = item.resourceName;
  if (item.arn !== undefined) evaluation.arn = item.arn;
  return evaluation;
}

function groupByAccount(items: readonly ConfigurationItem[]): Map<string, ConfigurationItem[]> {
  const groups = new Map<string, ConfigurationItem[]>();
  for (const item of items) {
    const group = groups.get(item.accountId);
    if (group) group.push(item);
    else groups.set(item.accountId, [item]);
  }
  return groups;
}

/**
 * What the synthesized account item needs of an account's items (its most recorded region, its latest
 * capture, whether Config recorded the account item itself), gathered one item at a time.
 */
export class AccountItemTally {
  readonly #regions = new Map<string, number>();
  #latest = '1970-01-01T00:00:00.000Z';
  #hasAccountItem = false;

  /** Counts one item of the account. */
  add(item: ConfigurationItem): void {
    this.#regions.set(item.region, (this.#regions.get(item.region) ?? 0) + 1);
    if (item.captureTime > this.#latest) this.#latest = item.captureTime;
    if (item.resourceType === ACCOUNT_RESOURCE_TYPE) this.#hasAccountItem = true;
  }

  /** Whether one of the items was the account's own `AWS::::Account` item. */
  get hasAccountItem(): boolean {
    return this.#hasAccountItem;
  }

  /** The account pseudo-resource, built from the items counted so far. */
  synthesize(accountId: string): ConfigurationItem {
    const region = [...this.#regions].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'us-east-1';
    return {
      accountId,
      region,
      resourceType: ACCOUNT_RESOURCE_TYPE,
      resourceId: accountId,
      captureTime: this.#latest,
      status: 'OK',
      configuration: {},
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    };
  }
}

/** The account pseudo-resource AWS Config uses for account-level rules, built from the account's items. */
export function synthesizeAccountItem(
  accountId: string,
  items: readonly ConfigurationItem[],
): ConfigurationItem {
  const tally = new AccountItemTally();
  for (const item of items) tally.add(item);
  return tally.synthesize(accountId);
}
