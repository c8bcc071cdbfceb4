// `tsx scripts/custom-rules.ts DIR`: loads and validates a folder of custom rules (docs/custom-rules.md) and
// prints what the CDK construct needs of them as JSON; on a broken rule, prints its one-line problem to
// stderr and exits 1. The construct runs it at synth time (constructs cannot await a dynamic import).
import { CustomRuleError, loadCustomRules } from '#shared/rules/custom-rules';
import type { CustomRuleSummary } from '#shared/rules/custom-summary';

const dir = process.argv[2];
if (dir === undefined || dir === '') {
  console.error('usage: tsx scripts/custom-rules.ts DIR');
  process.exit(2);
}
try {
  const summaries: CustomRuleSummary[] = (await loadCustomRules(dir)).map((rule) => ({
    id: rule.id,
    title: rule.title,
    resourceTypes: rule.resourceTypes,
    reads: rule.reads ?? [],
    parameters: rule.parameters,
  }));
  process.stdout.write(`${JSON.stringify(summaries)}\n`);
} catch (error) {
  if (!(error instanceof CustomRuleError)) throw error;
  console.error(error.message);
  process.exit(1);
}
