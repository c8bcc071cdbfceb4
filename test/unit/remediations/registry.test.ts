import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDeleted } from '#shared/config-item/configuration-item';
import { CALL_IAM_ACTIONS, iamActionOf } from '#shared/remediations/calls';
import { assertAllowedCall } from '#shared/remediations/executor';
import { REMEDIATIONS, REMEDIATIONS_BY_RULE, remediationPermissions } from '#shared/remediations/registry';
import { REMEDIABLE_RULE_IDS } from '#shared/remediations/remediable-rules';
import type { RemediationSettings } from '#shared/remediations/remediation';
import { resolveParameters } from '#shared/rules/parameters';
import { findRule } from '#shared/rules/registry';
import { evaluateFixture, loadFixtures } from '#test/support/fixtures';

const SETTINGS: RemediationSettings = {
  flowLogDestination: { type: 's3', bucketArn: 'arn:aws:s3:::central-flow-logs' },
};

describe('remediation registry', () => {
  it('has one remediation per remediable rule id, keyed by its own rule id', () => {
    expect(Object.keys(REMEDIATIONS_BY_RULE).sort()).toEqual([...REMEDIABLE_RULE_IDS].sort());
    for (const [ruleId, remediation] of Object.entries(REMEDIATIONS_BY_RULE)) {
      expect(remediation.ruleId).toBe(ruleId);
    }
    expect(REMEDIATIONS).toHaveLength(10);
  });

  it.each(REMEDIATIONS.map((remediation) => [remediation.ruleId, remediation] as const))(
    '%s: file named after the rule, same resource types as the rule',
    (ruleId, remediation) => {
      expect(existsSync(new URL(`../../../shared/remediations/${ruleId}.ts`, import.meta.url))).toBe(true);
      const rule = findRule(ruleId);
      expect(rule).toBeDefined();
      expect([...remediation.resourceTypes].sort()).toEqual([...(rule?.resourceTypes ?? [])].sort());
      expect(remediation.permissions.length).toBeGreaterThan(0);
    },
  );

  it('the call catalog holds no destructive operation', () => {
    for (const name of Object.keys(CALL_IAM_ACTIONS)) {
      expect(name).not.toMatch(/:(Delete|Remove|Terminate|Deregister|Purge|Schedule)/);
    }
  });

  it('lists the IAM actions to grant, sorted and without duplicates', () => {
    const all = remediationPermissions();
    expect(all).toEqual([...new Set(all)].sort());
    expect(all).toContain('s3:PutBucketPublicAccessBlock');
    expect(all).toContain('ec2:RevokeSecurityGroupIngress');
    expect(remediationPermissions(['ec2-imdsv2-check'])).toEqual(['ec2:ModifyInstanceMetadataOptions']);
    expect(remediationPermissions([])).toEqual([]);
  });
});

describe.each(REMEDIATIONS.map((remediation) => [remediation.ruleId, remediation] as const))(
  '%s: plans agree with the rule on every fixture',
  (ruleId, remediation) => {
    const rule = findRule(ruleId);
    const fixtures = remediation.resourceTypes
      .flatMap((type) => loadFixtures(type))
      .filter((fixture) => !isDeleted(fixture.item));

    it('has fixtures to check against', () => {
      expect(fixtures.length).toBeGreaterThan(0);
    });

    it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
      if (rule === undefined) throw new Error(`no rule ${ruleId}`);
      const verdict = evaluateFixture(rule, fixture);
      const plan = remediation.plan(fixture.item, {
        parameters: resolveParameters(rule),
        settings: SETTINGS,
        inventory: fixture.inventory,
      });
      if (verdict.compliance === 'NON_COMPLIANT') expect(plan.kind).not.toBe('none');
      else expect(plan.kind).toBe('none');
      if (plan.kind === 'calls') {
        for (const call of plan.calls) {
          expect(() => assertAllowedCall(call, remediation)).not.toThrow();
          expect(remediation.permissions).toContain(iamActionOf(call));
          expect(call.description.length).toBeGreaterThan(10);
        }
      }
    });
  },
);
