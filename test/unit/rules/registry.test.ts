import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '#cli/commands/rules';
import { SOC2_CRITERIA, soc2Criteria } from '#shared/frameworks/soc2';
import { isRemediable } from '#shared/remediations/remediable-rules';
import { RULES } from '#shared/rules/registry';
import { SEVERITIES } from '#shared/rules/rule';
import { captureIo } from '#test/support/cli-io';
import { evaluateFixture, loadFixtures } from '#test/support/fixtures';

const RULES_DIR = new URL('../../../shared/rules/', import.meta.url).pathname;

function ruleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const service of readdirSync(RULES_DIR, { withFileTypes: true })) {
    if (!service.isDirectory()) continue;
    for (const file of readdirSync(join(RULES_DIR, service.name))) {
      if (file.endsWith('.ts') && file !== 'index.ts') files.set(file.slice(0, -3), service.name);
    }
  }
  return files;
}

/**
 * Rules with no NOT_APPLICABLE case on a live item: every account has or lacks a multi-region trail
 * (its edge cases, a stopped trail or excluded event sources, are NON_COMPLIANT fixtures).
 */
const ALWAYS_JUDGED: ReadonlySet<string> = new Set(['multi-region-cloudtrail-enabled']);

describe('rule registry', () => {
  it('lists at least 60 rules in `vigil rules --format json`, each with criteria and a test file', async () => {
    const io = captureIo();
    expect(await runRules(['--format', 'json'], io)).toBe(0);
    const { rules } = JSON.parse(io.out()) as {
      rules: {
        id: string;
        soc2: string[];
        resourceTypes: string[];
        remediation: boolean;
        deviation?: string;
      }[];
    };
    expect(rules.length).toBeGreaterThanOrEqual(60);
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    const files = ruleFiles();
    for (const rule of rules) {
      expect(rule.soc2.length, rule.id).toBeGreaterThan(0);
      expect(rule.resourceTypes.length, rule.id).toBeGreaterThan(0);
      expect(rule.remediation, rule.id).toBe(isRemediable(rule.id));
      expect(rule.deviation, rule.id).toBe(RULES.find((candidate) => candidate.id === rule.id)?.deviation);
      const testFile = new URL(`./${files.get(rule.id)}/${rule.id}.test.ts`, import.meta.url);
      expect(existsSync(testFile), `test file of ${rule.id}`).toBe(true);
    }
  });

  it('has unique rule ids', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('registers every rule file, and every rule lives in a file named after its id', () => {
    const files = ruleFiles();
    expect([...files.keys()].sort()).toEqual(RULES.map((rule) => rule.id).sort());
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(10);
    expect(soc2Criteria(rule.id).length).toBeGreaterThan(0);
    for (const criterion of soc2Criteria(rule.id)) expect(SOC2_CRITERIA).toContain(criterion);
    expect(SEVERITIES).toContain(rule.severity);
    expect(rule.resourceTypes.length).toBeGreaterThan(0);
    expect(rule.rationale.length).toBeGreaterThan(10);
    expect(rule.remediationAdvice.length).toBeGreaterThan(10);
    // A deviation is stated against a managed rule, and only Vigil-specific rules may lack one to mirror.
    // It says what AWS's rule page says, quoted, and then what Vigil does instead (both, never one alone).
    if (rule.deviation !== undefined) {
      expect(rule.managedRule).toBe(true);
      expect(rule.deviation).toMatch(/^AWS's page [^;]*"[^"]{10,}"/);
      expect(rule.deviation).toMatch(/;[^;]*\bVigil\b/);
    }
  });

  it.each(RULES.map((rule) => [rule.id, rule] as const))(
    '%s has a compliant, a non-compliant and an edge-case fixture, and a test file',
    (id, rule) => {
      const outcomes = new Set<string>();
      for (const type of rule.resourceTypes) {
        for (const fixture of loadFixtures(type)) outcomes.add(evaluateFixture(rule, fixture).compliance);
      }
      expect(outcomes).toContain('COMPLIANT');
      expect(outcomes).toContain('NON_COMPLIANT');
      // An edge-case fixture too (deleted, not collected, out of scope), except where none can exist.
      if (!ALWAYS_JUDGED.has(id)) expect(outcomes).toContain('NOT_APPLICABLE');
      const service = ruleFiles().get(id);
      expect(existsSync(new URL(`./${service}/${id}.test.ts`, import.meta.url))).toBe(true);
    },
  );
});
