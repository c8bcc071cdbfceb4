import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { DESCRIBABLE_TYPES } from '#shared/describe/registry';
import { VigilError } from '#shared/errors';
import { FRAMEWORK_IDS, type FrameworkId, type FrameworkPack } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { asRule, customControls, registerCustomRules } from './custom-catalog';
import type { CustomRule, CustomRuleExample } from './custom-rule';
import { createInventory } from './inventory';
import { resolveParameters } from './parameters';
import { RULES } from './registry';
import { ACCOUNT_RESOURCE_TYPE, type Rule, SEVERITIES } from './rule';

/** A custom rule folder or module that cannot be used: the message names the file and the problem. */
export class CustomRuleError extends VigilError {
  override readonly name = 'CustomRuleError';
}

/** File extensions of custom rule modules; `*.d.ts` and `*.test.*` files in the folder are skipped. */
export const CUSTOM_RULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

/** The module specifier custom rules import their types and verdict helpers from. */
export const CUSTOM_RULE_ENTRY = 'vigil/rule';

const RULE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const KNOWN_TYPES: ReadonlySet<string> = new Set([...DESCRIBABLE_TYPES, ACCOUNT_RESOURCE_TYPE]);

const knownType = z.string().refine((type) => KNOWN_TYPES.has(type), {
  error: (issue) => `${String(issue.input)} is no resource type Vigil collects`,
});
const text = z.string().trim().min(1, 'must not be empty');
const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';
const fn = z.custom<(...args: never[]) => unknown>(isFunction, 'must be a function');

const ParameterSpecSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('number'), default: z.number().finite(), description: text }),
  z.strictObject({ type: z.literal('boolean'), default: z.boolean(), description: text }),
  z.strictObject({ type: z.literal('string'), default: z.string(), description: text }),
  z.strictObject({ type: z.literal('string-list'), default: z.array(z.string()), description: text }),
]);

const ExampleSchema = z
  .object({
    configuration: z.record(z.string(), z.unknown()).nullable(),
    resourceType: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .loose();

/** What a custom rule module's default export must be (see `CustomRule`); unknown keys are refused. */
export const CustomRuleSchema = z.strictObject({
  id: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(RULE_ID, 'must be lower-case words separated by hyphens, e.g. s3-bucket-owner-tagged'),
  title: text,
  resourceTypes: z.array(knownType).min(1, 'must name at least one resource type'),
  reads: z.array(knownType).optional(),
  severity: z.enum(SEVERITIES),
  parameters: z.record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, 'parameter names are words'),
    ParameterSpecSchema,
  ),
  rationale: text,
  remediationAdvice: text,
  managedRule: z.literal(false, 'a custom rule mirrors no AWS Config managed rule').optional(),
  controls: z
    .partialRecord(z.enum(FRAMEWORK_IDS), z.array(z.string()).min(1, 'must name at least one control'))
    .superRefine((controls, context) => {
      const frameworks = Object.keys(controls) as FrameworkId[];
      if (frameworks.length === 0) {
        context.addIssue({ code: 'custom', message: `must map at least one of ${FRAMEWORK_IDS.join(', ')}` });
      }
      for (const frameworkId of frameworks) {
        const { framework } = FRAMEWORK_PACKS[frameworkId];
        const known = new Set(framework.controls.map((control) => control.id));
        const seen = new Set<string>();
        for (const controlId of controls[frameworkId] ?? []) {
          if (!known.has(controlId)) {
            context.addIssue({
              code: 'custom',
              path: [frameworkId],
              message: `${framework.versionedId} has no control ${controlId}`,
            });
          }
          if (seen.has(controlId)) {
            context.addIssue({ code: 'custom', path: [frameworkId], message: `names ${controlId} twice` });
          }
          seen.add(controlId);
        }
      }
    }),
  examples: z.strictObject({
    compliant: z.array(ExampleSchema).min(1, 'needs at least one item the rule judges COMPLIANT'),
    nonCompliant: z.array(ExampleSchema).min(1, 'needs at least one item the rule judges NON_COMPLIANT'),
  }),
  readsOf: fn.optional(),
  evaluate: fn,
});

/** Fixed clock of the examples, so loading a folder gives the same answer every time. */
const EXAMPLE_NOW = new Date('2026-01-01T00:00:00.000Z');

function fail(file: string, problem: string, cause?: unknown): CustomRuleError {
  return new CustomRuleError(`custom rule ${file}: ${problem}`, {
    ...(cause === undefined ? {} : { cause }),
    context: { file },
  });
}

function exampleItem(rule: Rule, example: CustomRuleExample): ConfigurationItem {
  const resourceType = example.resourceType ?? rule.resourceTypes[0] ?? ACCOUNT_RESOURCE_TYPE;
  return {
    accountId: '123456789012',
    region: 'us-east-1',
    resourceId: `example-${rule.id}`,
    captureTime: EXAMPLE_NOW.toISOString(),
    status: 'OK',
    supplementaryConfiguration: {},
    tags: {},
    relationships: [],
    ...example,
    resourceType,
  };
}

/** Runs a rule on its examples with its default parameters; throws on the first one it judges wrongly. */
function checkExamples(file: string, custom: CustomRule): void {
  const rule = asRule(custom);
  const parameters = resolveParameters(rule);
  const cases = [
    ...custom.examples.compliant.map((example) => ({ example, expected: 'COMPLIANT' as const })),
    ...custom.examples.nonCompliant.map((example) => ({ example, expected: 'NON_COMPLIANT' as const })),
  ];
  for (const [index, { example, expected }] of cases.entries()) {
    const label = `example ${expected === 'COMPLIANT' ? 'compliant' : 'nonCompliant'}[${
      expected === 'COMPLIANT' ? index : index - custom.examples.compliant.length
    }]`;
    const item = exampleItem(rule, example);
    if (!rule.resourceTypes.includes(item.resourceType)) {
      throw fail(file, `${label} is a ${item.resourceType}, which the rule does not judge`);
    }
    let verdict: unknown;
    try {
      verdict = rule.evaluate(item, { parameters, now: EXAMPLE_NOW, inventory: createInventory([]) });
    } catch (error) {
      throw fail(
        file,
        `evaluate() threw on ${label}: ${error instanceof Error ? error.message : String(error)}`,
        error,
      );
    }
    const parsed = z
      .object({ compliance: z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE']), annotation: text })
      .safeParse(verdict);
    if (!parsed.success) {
      throw fail(
        file,
        `evaluate() on ${label} returned no verdict (use compliant(), nonCompliant() or notApplicable())`,
      );
    }
    if (parsed.data.compliance !== expected) {
      throw fail(
        file,
        `${label} should be ${expected} but evaluate() said ${parsed.data.compliance}: ${parsed.data.annotation}`,
      );
    }
  }
}

function issuesOf(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length === 0 ? issue.message : `${issue.path.join('.')} ${issue.message}`))
    .join('; ');
}

/**
 * Checks one module's default export: the schema, the file name (= id), no clash with a built-in or an
 * earlier rule of the folder, and its examples.
 * @throws CustomRuleError naming the file and the problem.
 */
export function validateCustomRule(file: string, exported: unknown, taken: ReadonlySet<string>): CustomRule {
  if (exported === undefined) throw fail(file, 'has no default export (export default { id, title, … })');
  const parsed = CustomRuleSchema.safeParse(exported);
  if (!parsed.success) throw fail(file, issuesOf(parsed.error));
  const custom = exported as CustomRule;
  const stem = basename(file, extname(file));
  if (stem !== custom.id)
    throw fail(file, `the file name must be the rule id: rename it to ${custom.id}${extname(file)}`);
  if (RULES.some((rule) => rule.id === custom.id)) {
    throw fail(file, `id ${custom.id} is a rule Vigil ships; pick another id`);
  }
  if (taken.has(custom.id)) throw fail(file, `id ${custom.id} is used by another custom rule`);
  checkExamples(file, custom);
  return custom;
}

/** The rule modules of a folder, sorted, as absolute paths. @throws CustomRuleError when there are none. */
export function customRuleFiles(dir: string): string[] {
  const folder = resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CustomRuleError(`custom rules: ${dir} is not a folder`, { context: { dir } });
  }
  const files = readdirSync(folder)
    .filter((name) => (CUSTOM_RULE_EXTENSIONS as readonly string[]).includes(extname(name)))
    .filter((name) => !name.endsWith('.d.ts') && !/\.test\.[cm]?[jt]s$/.test(name))
    .sort()
    .map((name) => join(folder, name));
  if (files.length === 0) {
    throw new CustomRuleError(
      `custom rules: ${dir} holds no rule module (${CUSTOM_RULE_EXTENSIONS.map((ext) => `*${ext}`).join(', ')})`,
      { context: { dir } },
    );
  }
  return files;
}

/** The file `vigil/rule` stands for: `shared/rules/custom-rule.ts` of the Vigil package running this. */
export function customRuleEntryFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'rules', 'custom-rule.ts');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir)
      throw new CustomRuleError(
        `custom rules: cannot find ${CUSTOM_RULE_ENTRY} (shared/rules/custom-rule.ts)`,
      );
    dir = parent;
  }
}

type Esbuild = typeof import('esbuild');

async function esbuildModule(): Promise<Esbuild> {
  try {
    return await import('esbuild');
  } catch (error) {
    throw new CustomRuleError(
      'custom rules: loading rule modules needs the esbuild package (a devDependency of Vigil); install it',
      { cause: error },
    );
  }
}

/**
 * Compiles every rule module of a folder (TypeScript or JavaScript, with its own imports and
 * `vigil/rule`) into one ESM file each, then imports them and returns their default exports by file.
 */
async function importRuleModules(files: readonly string[]): Promise<Map<string, unknown>> {
  const esbuild = await esbuildModule();
  const out = mkdtempSync(join(tmpdir(), 'vigil-custom-rules-'));
  try {
    const entryPoints = files.map((file, index) => ({ in: file, out: `rule-${index}` }));
    const entryFile = customRuleEntryFile();
    try {
      await esbuild.build({
        entryPoints,
        outdir: out,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'silent',
        alias: { [CUSTOM_RULE_ENTRY]: entryFile },
        tsconfigRaw: { compilerOptions: {} },
      });
    } catch (error) {
      const failure = error as {
        errors?: { text: string; location?: { file: string; line: number } | null }[];
      };
      const first = failure.errors?.[0];
      const where = first?.location ? `${first.location.file}:${first.location.line}` : (files[0] ?? '');
      throw new CustomRuleError(`custom rule ${where}: does not compile: ${first?.text ?? String(error)}`, {
        cause: error,
        context: { files },
      });
    }
    const modules = new Map<string, unknown>();
    for (const [index, file] of files.entries()) {
      try {
        const loaded = (await import(pathToFileURL(join(out, `rule-${index}.mjs`)).href)) as {
          default?: unknown;
        };
        modules.set(file, loaded.default);
      } catch (error) {
        throw fail(
          file,
          `fails when imported: ${error instanceof Error ? error.message : String(error)}`,
          error,
        );
      }
    }
    return modules;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Loads and validates every custom rule of a folder, in file-name order.
 * @throws CustomRuleError on the first broken rule, naming its file and what is wrong.
 */
export async function loadCustomRules(dir: string): Promise<CustomRule[]> {
  const modules = await importRuleModules(customRuleFiles(dir));
  const rules: CustomRule[] = [];
  const taken = new Set<string>();
  for (const [file, exported] of modules) {
    const rule = validateCustomRule(file, exported, taken);
    taken.add(rule.id);
    rules.push(rule);
  }
  return rules;
}

/**
 * Loads a folder's custom rules and registers them, so the catalog, framework lookups and rule titles
 * of this process include them; returns them as the engine runs them.
 * @throws CustomRuleError on a broken rule.
 */
export async function useCustomRules(dir: string): Promise<readonly Rule[]> {
  return registerCustomRules(await loadCustomRules(dir));
}

/** A framework pack with the registered custom rules' controls added to its mapping. */
export function withCustomControls(pack: FrameworkPack, customRuleIds: readonly string[]): FrameworkPack {
  const extra = customRuleIds
    .map((ruleId) => [ruleId, customControls(pack.framework.id, ruleId)] as const)
    .filter(([, mapped]) => mapped.length > 0);
  return extra.length === 0 ? pack : { ...pack, mapping: { ...pack.mapping, ...Object.fromEntries(extra) } };
}
