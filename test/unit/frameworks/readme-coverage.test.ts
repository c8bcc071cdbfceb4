import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameworkCoverage } from '#shared/frameworks/coverage';
import { FRAMEWORK_IDS } from '#shared/frameworks/framework';
import { FRAMEWORK_PACKS } from '#shared/frameworks/registry';
import { RULES } from '#shared/rules/registry';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('the README’s framework coverage figures', () => {
  it('are the catalog’s coverage of each pack, in the order the packs are named', () => {
    const sentence = /Of their controls, (.+?) have automated rules/s.exec(README)?.[1] ?? '';
    const stated = [...sentence.matchAll(/(\d+) of (\d+)/g)].map(
      ([, automated, total]) => `${automated}/${total}`,
    );
    const ruleIds = RULES.map((rule) => rule.id);
    const actual = FRAMEWORK_IDS.map((id) => {
      const coverage = frameworkCoverage(FRAMEWORK_PACKS[id], ruleIds);
      return `${coverage.automated}/${coverage.total}`;
    });
    expect(stated).toEqual(actual);
  });
});
