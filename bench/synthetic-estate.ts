import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '#shared/local/seeded-random';
import { ACCOUNT_RESOURCE_TYPE } from '#shared/rules/rule';

/** Root of the real-shaped fixtures the synthetic estate is cloned from. */
const FIXTURES_DIR = new URL('../test/fixtures/', import.meta.url).pathname;

/** The account id and region every fixture is written for; clones get their own. */
const FIXTURE_ACCOUNT = '123456789012';
const FIXTURE_REGION = 'us-east-1';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'] as const;

/** One fixture file: a subject item and the items it references, cloned together so references hold. */
interface Template {
  readonly source: string;
  readonly resourceIds: readonly string[];
  readonly text: string;
  readonly size: number;
}

function rawItemsOf(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (document !== null && typeof document === 'object') {
    const items = (document as Record<string, unknown>).configurationItems;
    if (Array.isArray(items)) return items;
  }
  return [document];
}

/** Every fixture under test/fixtures/ as a clonable template. */
export function loadTemplates(): Template[] {
  const templates: Template[] = [];
  for (const dir of readdirSync(FIXTURES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of readdirSync(join(FIXTURES_DIR, dir.name)).sort()) {
      if (!file.endsWith('.json')) continue;
      const items = rawItemsOf(JSON.parse(readFileSync(join(FIXTURES_DIR, dir.name, file), 'utf8')));
      const resourceIds = items
        .map((item) => (item as { resourceId?: unknown } | null)?.resourceId)
        .filter((id): id is string => typeof id === 'string' && id !== FIXTURE_ACCOUNT)
        // Longest first, so an id that is a prefix of another is never replaced inside it.
        .sort((a, b) => b.length - a.length);
      templates.push({
        source: `${dir.name}/${file}`,
        resourceIds: [...new Set(resourceIds)],
        text: JSON.stringify(items),
        size: items.length,
      });
    }
  }
  return templates;
}

function replaceAll(text: string, search: string, replacement: string): string {
  return text.split(search).join(replacement);
}

/** Options of a generated estate. */
export interface EstateOptions {
  /** At least this many configuration items are generated. */
  readonly items: number;
  /** Items are spread over this many accounts (the engine builds one inventory per account). */
  readonly accounts: number;
  readonly seed?: number;
}

/**
 * Generates raw configuration items (snapshot shape) by cloning the fixtures with fresh resource ids,
 * accounts and regions, so the mix of resource types and verdicts is the fixtures' mix.
 */
export function generateEstate(options: EstateOptions): Record<string, unknown>[] {
  const templates = loadTemplates();
  if (templates.length === 0) throw new Error(`no fixtures under ${FIXTURES_DIR}`);
  const random = seededRandom(options.seed ?? 20261123);
  const accounts = Array.from({ length: options.accounts }, (_, index) =>
    String(210000000000 + index * 7919),
  );
  const out: Record<string, unknown>[] = [];
  const accountsWithItem = new Set<string>();
  for (let clone = 0; out.length < options.items; clone += 1) {
    const template = templates[Math.floor(random() * templates.length)] ?? templates[0];
    if (!template) break;
    const account = accounts[clone % accounts.length] ?? FIXTURE_ACCOUNT;
    const region = REGIONS[Math.floor(random() * REGIONS.length)] ?? FIXTURE_REGION;
    const suffix = clone.toString(36);
    let text = template.text;
    template.resourceIds.forEach((id, index) => {
      text = replaceAll(text, id, `\u0000${index}\u0000`);
    });
    template.resourceIds.forEach((id, index) => {
      text = replaceAll(text, `\u0000${index}\u0000`, `${id}-${suffix}`);
    });
    text = replaceAll(replaceAll(text, FIXTURE_ACCOUNT, account), `"${FIXTURE_REGION}"`, `"${region}"`);
    text = replaceAll(text, `:${FIXTURE_REGION}:`, `:${region}:`);
    for (const item of JSON.parse(text) as Record<string, unknown>[]) {
      // AWS Config has one account-level item per account, however many fixtures describe one.
      if (item.resourceType === ACCOUNT_RESOURCE_TYPE) {
        if (accountsWithItem.has(account)) continue;
        accountsWithItem.add(account);
      }
      out.push(item);
    }
  }
  return out;
}

/** Count of fixture templates, for the report. */
export function templateCount(): number {
  return loadTemplates().length;
}
