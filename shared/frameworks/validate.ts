import type { FrameworkPack } from './framework';

/**
 * What is wrong with a pack against a rule catalog, one sentence each: a framework listing a control id
 * twice, a pack key that is no rule of the catalog, a rule mapped to no control or to one control
 * twice, and a control id the framework does not have. Empty when the pack is sound.
 */
export function packProblems(pack: FrameworkPack, ruleIds: readonly string[]): string[] {
  const problems: string[] = [];
  const { framework } = pack;
  const controlIds = new Set<string>();
  for (const control of framework.controls) {
    if (controlIds.has(control.id))
      problems.push(`${framework.versionedId} lists control ${control.id} twice`);
    controlIds.add(control.id);
  }
  const rules = new Set(ruleIds);
  for (const [ruleId, mapped] of Object.entries(pack.mapping)) {
    if (!rules.has(ruleId)) problems.push(`${framework.versionedId} pack maps ${ruleId}, which is no rule`);
    if (mapped.length === 0) problems.push(`${framework.versionedId} pack maps ${ruleId} to no control`);
    const seen = new Set<string>();
    for (const controlId of mapped) {
      if (!controlIds.has(controlId)) {
        problems.push(`${framework.versionedId} has no control ${controlId} (mapped from ${ruleId})`);
      }
      if (seen.has(controlId))
        problems.push(`${framework.versionedId} pack maps ${ruleId} to ${controlId} twice`);
      seen.add(controlId);
    }
  }
  return problems;
}

/** The rules of the catalog that no pack maps to any control, in catalog order. */
export function unmappedRules(packs: readonly FrameworkPack[], ruleIds: readonly string[]): string[] {
  return ruleIds.filter((ruleId) =>
    packs.every((pack) => !Object.hasOwn(pack.mapping, ruleId) || (pack.mapping[ruleId] ?? []).length === 0),
  );
}
