// Prints, for every rule of the catalog a framework pack leaves out, the controls AWS's conformance
// pack templates give it (test/fixtures/frameworks/aws-templates/), carried into the pack's version
// where the pack says how, so that a new rule's pack entries can be written from it:
// `npx tsx scripts/pack-suggestions.ts [--framework pci]`.
import { parseArgs } from 'node:util';
import { FRAMEWORK_IDS } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS, parseFrameworkIds, UnknownFrameworkError } from '#shared/frameworks/registry';
import { RULES } from '#shared/rules/registry';
import { loadAwsTemplates } from '#test/support/aws-templates';
import { renderPackSuggestions } from './pack-suggestions/render';

const { values } = parseArgs({ options: { framework: { type: 'string', multiple: true } } });
let ids: readonly (typeof FRAMEWORK_IDS)[number][] = FRAMEWORK_IDS;
try {
  if (values.framework !== undefined) ids = parseFrameworkIds(values.framework);
} catch (error) {
  if (!(error instanceof UnknownFrameworkError)) throw error;
  console.error(error.message);
  process.exit(2);
}
process.stdout.write(
  renderPackSuggestions(
    ids.map((id) => FRAMEWORK_PACKS[id]),
    loadAwsTemplates(),
    RULES.map((rule) => rule.id),
  ),
);
