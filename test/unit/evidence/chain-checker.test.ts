import { describe, expect, it } from 'vitest';
import { ChainChecker, sealFinding } from '#shared/evidence/finding';
import { makeAttestation, makeFinding } from './fakes';

describe('ChainChecker: resource–rule chains from findings read in any order', () => {
  it('finds nothing wrong in an intact chain read backwards, or in one that starts mid-chain', () => {
    const first = makeFinding({ compliance: 'NON_COMPLIANT' });
    const second = makeFinding({ previous: first });
    const third = makeFinding({ previous: second, compliance: 'NON_COMPLIANT' });
    const checker = new ChainChecker();
    for (const [index, finding] of [third, second, first].entries())
      checker.addFinding(finding, `k:${index}`);
    expect(checker.problems()).toEqual([]);
    const midway = new ChainChecker();
    midway.addFinding(second, 'a:1');
    midway.addFinding(third, 'a:2');
    expect(midway.problems()).toEqual([]);
  });

  it('reports a fork once, whichever copy comes first, when the next finding links to one of them', () => {
    const original = makeFinding({ compliance: 'NON_COMPLIANT' });
    const forged = sealFinding({ ...original, compliance: 'COMPLIANT', hash: undefined } as never);
    const next = makeFinding({ previous: original });
    for (const order of [
      [original, forged, next],
      [forged, original, next],
      [next, forged, original],
    ]) {
      const checker = new ChainChecker();
      for (const finding of order) checker.addFinding(finding, finding === next ? 'b:1' : 'a:1');
      const problems = checker.problems();
      expect(problems).toHaveLength(1);
      expect(problems[0]?.detail).toMatch(/two findings claim #1/);
    }
  });

  it('reports a gap, a broken link and an attested head that is not the chain’s', () => {
    const first = makeFinding();
    const second = makeFinding({ previous: first, compliance: 'NON_COMPLIANT' });
    const fourth = makeFinding({ previous: makeFinding({ previous: second }) });
    const gap = new ChainChecker();
    gap.addFinding(first, 'a:1');
    gap.addFinding(fourth, 'a:2');
    expect(gap.problems().map((problem) => problem.detail)).toEqual([
      '#4 follows #1: findings #2–#3 are missing',
    ]);

    const rewritten = sealFinding({ ...second, previousHash: 'f'.repeat(64), hash: undefined } as never);
    const broken = new ChainChecker();
    broken.addFinding(first, 'a:1');
    broken.addFinding(rewritten, 'a:2');
    expect(broken.problems().map((problem) => problem.detail)).toEqual([
      `#2 previousHash ${'f'.repeat(64)} is not the hash of #1 (${first.hash})`,
    ]);

    const attested = new ChainChecker();
    attested.addFinding(first, 'a:1');
    attested.addAttestation(makeAttestation([second], '2026-11-23T11:00:00.000Z'), 'a:2');
    expect(attested.problems().map((problem) => problem.detail)).toEqual([
      'attests head #2, but the newest finding of the chain is #1',
    ]);
  });
});
