import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import type { PlannedCall } from '#shared/remediations/calls';
import type { Remediation, RemediationPlan, RemediationSettings } from '#shared/remediations/remediation';
import { resolveParameters } from '#shared/rules/parameters';
import { findRule } from '#shared/rules/registry';
import { type Fixture, loadFixture } from '#test/support/fixtures';

/** Plans a remediation on a fixture with the rule's default (or given) parameters. */
export function planOn(
  remediation: Remediation,
  fixture: Fixture,
  options: { parameters?: Record<string, unknown>; settings?: RemediationSettings } = {},
): RemediationPlan {
  const rule = findRule(remediation.ruleId);
  if (rule === undefined) throw new Error(`no rule ${remediation.ruleId}`);
  return remediation.plan(fixture.item, {
    parameters: resolveParameters(rule, options.parameters),
    settings: options.settings ?? {},
    inventory: fixture.inventory,
  });
}

/** The only call of a plan, failing the test when the plan is not exactly one call. */
export function onlyCall(plan: RemediationPlan): PlannedCall {
  if (plan.kind !== 'calls') throw new Error(`expected calls, got ${plan.kind}: ${plan.reason}`);
  if (plan.calls.length !== 1) throw new Error(`expected one call, got ${plan.calls.length}`);
  return plan.calls[0];
}

/** A fixture with its item replaced. */
export function withItem(fixture: Fixture, patch: Partial<ConfigurationItem>): Fixture {
  return { ...fixture, item: { ...fixture.item, ...patch } };
}

export { loadFixture };
