import { type AwsTemplateMapping, packSuggestions } from '#shared/frameworks/aws-templates';
import type { FrameworkPack } from '#shared/frameworks/framework';

/**
 * The text `npx tsx scripts/pack-suggestions.ts` prints: for each pack checked against AWS templates,
 * every catalog rule it leaves out, with the controls each template gives the rule (in the pack's
 * version where the pack says how), the reason when the pack leaves the rule out on purpose, and the
 * rules no template deploys.
 */
export function renderPackSuggestions(
  packs: readonly FrameworkPack[],
  templates: readonly AwsTemplateMapping[],
  ruleIds: readonly string[],
): string {
  const lines: string[] = [];
  for (const pack of packs) {
    const checks = pack.awsTemplates ?? [];
    if (checks.length === 0) continue;
    const { framework } = pack;
    const missing = ruleIds.filter(
      (ruleId) => !Object.hasOwn(pack.mapping, ruleId) || (pack.mapping[ruleId] ?? []).length === 0,
    );
    lines.push(
      `${framework.title} ${framework.version} (${framework.versionedId}): ${missing.length} rules of the catalog have no entry`,
    );
    const suggestions = packSuggestions(pack, templates, ruleIds);
    for (const ruleId of missing) {
      const mine = suggestions.filter((suggestion) => suggestion.ruleId === ruleId);
      if (mine.length === 0) continue;
      lines.push(`  ${ruleId}`);
      for (const suggestion of mine) {
        const check = checks.find((candidate) => candidate.template === suggestion.template);
        const given =
          suggestion.awsControls.length === 0 ? 'no control ids given' : suggestion.awsControls.join(' ');
        const carried =
          check?.compared === 'rules' || check?.compared === 'nothing'
            ? ''
            : ` → ${framework.versionedId}: ${suggestion.controls.length === 0 ? 'none' : suggestion.controls.join(' ')}`;
        const left =
          suggestion.notCarried.length === 0 ? '' : ` (not carried: ${suggestion.notCarried.join(' ')})`;
        lines.push(`    ${suggestion.template} (${check?.version ?? '?'}): ${given}${carried}${left}`);
        const reasons = check?.differencesFromAws ?? {};
        const reason = Object.hasOwn(reasons, ruleId) ? reasons[ruleId] : undefined;
        if (reason !== undefined) {
          lines.push(`      the pack's reason: ${typeof reason === 'string' ? reason : reason.why}`);
        }
      }
    }
    const deployed = new Set(suggestions.map((suggestion) => suggestion.ruleId));
    const none = missing.filter((ruleId) => !deployed.has(ruleId));
    lines.push(`  no AWS template deploys: ${none.length === 0 ? '-' : none.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
