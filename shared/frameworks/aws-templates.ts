import type { AwsControlsDifference, AwsTemplateCheck, FrameworkId, FrameworkPack } from './framework';

/**
 * The mapping facts of one AWS Config conformance pack template, as read into a test fixture: which
 * managed rules it deploys and the control ids it gives each (empty when it gives none).
 */
export interface AwsTemplateMapping {
  /** The template's file name, e.g. `Operational-Best-Practices-for-PCI-DSS.yaml`. */
  readonly template: string;
  readonly repository: string;
  readonly path: string;
  /** The commit of the repository the template was read at. */
  readonly commit: string;
  readonly readOn: string;
  readonly framework: FrameworkId;
  /** The framework version the template is written for. */
  readonly version: string;
  /** Where the control ids come from (the template's own keys, or the AWS page that documents it). */
  readonly controlsFrom: string;
  /** Managed rule id → the control ids the template gives it. */
  readonly rules: Readonly<Record<string, readonly string[]>>;
}

/** One rule of the catalog that a pack leaves out, with the controls AWS's template gives it. */
export interface PackSuggestion {
  readonly ruleId: string;
  readonly template: string;
  /** The template's own control ids for the rule (none when the template gives none). */
  readonly awsControls: readonly string[];
  /** Those ids in the pack's framework version, limited to controls the pack lists. */
  readonly controls: readonly string[];
  /** Template ids with no counterpart in the pack, each with the reason the pack gives (or none given). */
  readonly notCarried: readonly string[];
}

function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((id) => right.has(id));
}

/**
 * The template's ids for a rule in the pack's version: same-version ids as they are (less those the
 * check leaves out), translated ids through the check's translation; unknown ids stay out.
 */
function carried(check: AwsTemplateCheck, awsControls: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const id of awsControls) {
    if (own(check.awsControlsLeftOut, id) !== undefined) continue;
    if (check.compared === 'translated') {
      for (const translated of own(check.translation, id) ?? []) ids.add(translated);
    } else if (check.compared === 'controls') ids.add(id);
  }
  return [...ids];
}

function describe(ids: readonly string[]): string {
  return ids.length === 0 ? 'nothing' : ids.join(' ');
}

/** Problems with the check itself: it names another template or version, or keeps stale entries. */
function checkProblems(pack: FrameworkPack, check: AwsTemplateCheck, template: AwsTemplateMapping): string[] {
  const { versionedId } = pack.framework;
  const problems: string[] = [];
  if (template.template !== check.template || template.version !== check.version) {
    problems.push(
      `${versionedId} checks ${check.template} (${check.version}) against a fixture of ${template.template} (${template.version})`,
    );
  }
  const controlIds = new Set(pack.framework.controls.map((control) => control.id));
  const awsIds = new Set(Object.values(template.rules).flat());
  for (const id of Object.keys(check.awsControlsLeftOut ?? {})) {
    if (controlIds.has(id))
      problems.push(`${versionedId} lists ${id}, which its ${check.template} check leaves out`);
    if (!awsIds.has(id))
      problems.push(`${versionedId} leaves out ${id}, which ${check.template} does not use`);
  }
  if (check.compared === 'controls') {
    for (const id of awsIds) {
      if (!controlIds.has(id) && own(check.awsControlsLeftOut, id) === undefined) {
        problems.push(
          `${check.template} uses ${id}, which ${versionedId} neither lists nor leaves out with a reason`,
        );
      }
    }
  }
  if (check.compared === 'translated') {
    for (const id of awsIds) {
      const translated = own(check.translation, id);
      if (translated === undefined)
        problems.push(`${check.template} uses ${id}, which the translation does not carry`);
      for (const target of translated ?? []) {
        if (!controlIds.has(target))
          problems.push(`the translation of ${id} names ${target}, which ${versionedId} does not list`);
      }
    }
  }
  if (check.compared === 'nothing' && Object.keys(template.rules).length > 0) {
    problems.push(`${check.template} now deploys ${Object.keys(template.rules).length} rules: compare them`);
  }
  return problems;
}

/** Whether the pack and the template differ for one rule, and how, in a sentence; undefined when not. */
function ruleDifference(
  pack: FrameworkPack,
  check: AwsTemplateCheck,
  template: AwsTemplateMapping,
  ruleId: string,
): string | undefined {
  const mine = own(pack.mapping, ruleId) ?? [];
  const aws = own(template.rules, ruleId);
  const where = `${pack.framework.versionedId} maps ${ruleId} to ${describe(mine)}`;
  if (check.compared === 'rules') {
    if ((aws !== undefined) === mine.length > 0) return undefined;
    return aws === undefined
      ? `${where}; ${check.template} does not deploy it`
      : `${where}; ${check.template} deploys it`;
  }
  if (aws === undefined) return undefined;
  const theirs = carried(check, aws);
  if (check.compared === 'controls') {
    return sameSet(mine, theirs) ? undefined : `${where}, ${check.template} to ${describe(theirs)}`;
  }
  if (mine.length === 0 && theirs.length === 0) return undefined;
  if (mine.some((id) => theirs.includes(id))) return undefined;
  return `${where}, ${check.template} to ${describe(aws)} (in ${pack.framework.version}: ${describe(theirs)})`;
}

/**
 * For a `controls` check, what is wrong with the pack's entry for one rule: its controls are not AWS's
 * less `leaves` plus `adds`, or an entry names ids that are no difference; undefined when sound.
 */
function controlsProblem(
  pack: FrameworkPack,
  check: AwsTemplateCheck,
  theirs: readonly string[],
  ruleId: string,
  entry: string | AwsControlsDifference,
): string | undefined {
  const { versionedId } = pack.framework;
  if (typeof entry === 'string') {
    return `${versionedId} explains ${ruleId} against ${check.template} without the ids it leaves and adds`;
  }
  const leaves = entry.leaves ?? [];
  const adds = entry.adds ?? [];
  const notAws = leaves.filter((id) => !theirs.includes(id));
  const alreadyAws = adds.filter((id) => theirs.includes(id));
  if (notAws.length > 0 || alreadyAws.length > 0) {
    return `${versionedId} says ${ruleId} leaves ${describe(notAws)} and adds ${describe(alreadyAws)} of ${check.template}, which gives it ${describe(theirs)}`;
  }
  const expected = [...theirs.filter((id) => !leaves.includes(id)), ...adds];
  const mine = own(pack.mapping, ruleId) ?? [];
  if (sameSet(mine, expected)) return undefined;
  return `${versionedId} maps ${ruleId} to ${describe(mine)}; ${check.template} less the ids it leaves, plus those it adds, gives ${describe(expected)}: update differencesFromAws`;
}

/**
 * Every difference between a pack and one AWS template that the pack does not write down, and every
 * entry it writes down for a rule that does not differ (or, for a `controls` check, that no longer
 * matches both sides), one sentence each; only rules of the catalog count. Empty when the pack agrees
 * with the template or explains each difference.
 */
export function awsTemplateProblems(
  pack: FrameworkPack,
  check: AwsTemplateCheck,
  template: AwsTemplateMapping,
  ruleIds: readonly string[],
): string[] {
  const problems = checkProblems(pack, check, template);
  if (check.compared === 'nothing') return problems;
  const catalog = new Set(ruleIds);
  for (const ruleId of Object.keys(check.differencesFromAws ?? {})) {
    if (!catalog.has(ruleId))
      problems.push(`${pack.framework.versionedId} explains ${ruleId}, which is no rule`);
  }
  for (const ruleId of ruleIds) {
    const difference = ruleDifference(pack, check, template, ruleId);
    const entry = own(check.differencesFromAws, ruleId);
    if (difference !== undefined && entry === undefined) {
      problems.push(`${difference}: follow AWS or say why in differencesFromAws`);
    }
    if (difference === undefined && entry !== undefined) {
      problems.push(
        `${pack.framework.versionedId} explains a difference from ${check.template} for ${ruleId}, which has none`,
      );
    }
    const aws = own(template.rules, ruleId);
    if (
      difference !== undefined &&
      entry !== undefined &&
      check.compared === 'controls' &&
      aws !== undefined
    ) {
      const problem = controlsProblem(pack, check, carried(check, aws), ruleId, entry);
      if (problem !== undefined) problems.push(problem);
    }
    if (entry !== undefined && typeof entry !== 'string' && check.compared !== 'controls') {
      problems.push(
        `${pack.framework.versionedId} gives ${ruleId} ids to leave and add against ${check.template}, which compares no ids one for one`,
      );
    }
  }
  return problems;
}

/**
 * For every rule of the catalog a pack leaves out, the controls each of its AWS templates gives the
 * rule, carried into the pack's version where the check says how; rules no template deploys are left
 * out. Meant for writing a new rule's entry, not for judging one.
 */
export function packSuggestions(
  pack: FrameworkPack,
  templates: readonly AwsTemplateMapping[],
  ruleIds: readonly string[],
): PackSuggestion[] {
  const suggestions: PackSuggestion[] = [];
  for (const ruleId of ruleIds) {
    if ((own(pack.mapping, ruleId) ?? []).length > 0) continue;
    for (const check of pack.awsTemplates ?? []) {
      const template = templates.find((candidate) => candidate.template === check.template);
      const awsControls = template === undefined ? undefined : own(template.rules, ruleId);
      if (awsControls === undefined) continue;
      const controls = carried(check, awsControls);
      const notCarried = awsControls.filter((id) =>
        check.compared === 'translated'
          ? (own(check.translation, id) ?? []).length === 0
          : own(check.awsControlsLeftOut, id) !== undefined,
      );
      suggestions.push({ ruleId, template: check.template, awsControls, controls, notCarried });
    }
  }
  return suggestions;
}
