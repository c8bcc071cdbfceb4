import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsTemplateMapping } from '#shared/frameworks/aws-templates';
import { FRAMEWORK_IDS, type FrameworkId } from '#shared/frameworks/framework';

/** Where the mapping facts of AWS's conformance pack templates are kept, one JSON file per template. */
export const AWS_TEMPLATES_DIR = new URL('../fixtures/frameworks/aws-templates/', import.meta.url).pathname;

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/**
 * Reads one template fixture, checking the shape the comparison relies on.
 * @throws Error naming the file and the field that is wrong.
 */
export function readAwsTemplate(file: string): AwsTemplateMapping {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const wrong = (field: string): never => {
    throw new Error(`${file}: ${field} is missing or not of the expected type`);
  };
  if (typeof data !== 'object' || data === null) return wrong('the top-level object');
  const record = data as Record<string, unknown>;
  for (const field of ['template', 'repository', 'path', 'commit', 'readOn', 'version', 'controlsFrom']) {
    if (typeof record[field] !== 'string' || record[field] === '') wrong(field);
  }
  if (!FRAMEWORK_IDS.includes(record.framework as FrameworkId)) wrong('framework');
  if (!/^[0-9a-f]{40}$/.test(String(record.commit))) wrong('commit');
  const rules = record.rules;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return wrong('rules');
  for (const [ruleId, controls] of Object.entries(rules)) {
    if (!isStringList(controls)) wrong(`rules.${ruleId}`);
  }
  return data as AwsTemplateMapping;
}

/** Every template fixture of AWS_TEMPLATES_DIR (or another directory), in file-name order. */
export function loadAwsTemplates(dir: string = AWS_TEMPLATES_DIR): AwsTemplateMapping[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => readAwsTemplate(join(dir, name)));
}
