import { beforeAll, describe, expect, it } from 'vitest';
import { cloudTrailPatterns } from '#infra/compliance-monitor';
import { CLOUDTRAIL_EXTRACTORS } from '#shared/describe/cloudtrail-refs';
import { DESCRIBABLE, DESCRIBABLE_BY_TYPE } from '#shared/describe/registry';
import { RULES } from '#shared/rules/registry';
import { iamStatements, logicalIdOf, synthMonitor } from '#test/infra/support';

/** EventBridge's default quota on one rule's event pattern, in characters. */
const EVENT_PATTERN_MAX = 2048;

const judgedOrRead = [
  ...new Set(RULES.flatMap((rule) => [...rule.resourceTypes, ...(rule.reads ?? [])])),
].sort();

describe('catalog coverage: every type a rule judges or reads can be reached without AWS Config', () => {
  it.each(judgedOrRead)(
    '%s has a describer, a lister and at least one CloudTrail trigger',
    (resourceType) => {
      const support = DESCRIBABLE_BY_TYPE.get(resourceType);
      expect(support, `no describable type registered for ${resourceType}`).toBeDefined();
      expect(typeof support?.describe).toBe('function');
      expect(typeof support?.list).toBe('function');
      const calls = Object.values(support?.cloudTrail ?? {}).flatMap((byName) => Object.keys(byName));
      expect(calls.length, `${resourceType} declares no CloudTrail write call`).toBeGreaterThan(0);
    },
  );

  it('routes every declared CloudTrail call through one EventBridge pattern per service, each within the quota', () => {
    const routed = new Set(
      cloudTrailPatterns().flatMap(({ pattern }) =>
        ((pattern.detail?.eventName ?? []) as string[]).map(
          (name) => `${((pattern.detail?.eventSource ?? []) as string[])[0]}|${name}`,
        ),
      ),
    );
    for (const support of DESCRIBABLE) {
      for (const [eventSource, byName] of Object.entries(support.cloudTrail)) {
        for (const eventName of Object.keys(byName)) {
          expect(
            routed.has(`${eventSource}|${eventName}`),
            `${support.resourceType}: ${eventSource} ${eventName}`,
          ).toBe(true);
        }
      }
    }
    expect(routed.size).toBe(
      Object.values(CLOUDTRAIL_EXTRACTORS).flatMap((byName) => Object.keys(byName)).length,
    );
    for (const { service, pattern } of cloudTrailPatterns()) {
      expect(JSON.stringify(pattern).length, service).toBeLessThanOrEqual(EVENT_PATTERN_MAX);
    }
  });

  describe('the deployed roles', () => {
    let granted: { evaluator: Set<string>; sweep: Set<string> };
    beforeAll(() => {
      const { stack, monitor, template } = synthMonitor();
      const actionsOf = (role: Parameters<typeof logicalIdOf>[1]) =>
        new Set(
          iamStatements(template, logicalIdOf(stack, role))
            .filter((statement) => statement.Effect === 'Allow')
            .flatMap((statement) => [statement.Action].flat() as string[]),
        );
      // The sweep planner only queues shards; its workers describe and judge them.
      granted = { evaluator: actionsOf(monitor.evaluator.role), sweep: actionsOf(monitor.sweepWorker.role) };
    });

    it.each(DESCRIBABLE.map((support) => [support.resourceType, support] as const))(
      'let the evaluator and the sweep worker call every action %s declares',
      (_type, support) => {
        for (const action of support.permissions.flatMap((permission) => permission.actions)) {
          expect(granted.evaluator.has(action), `evaluator lacks ${action}`).toBe(true);
          expect(granted.sweep.has(action), `sweep worker lacks ${action}`).toBe(true);
        }
      },
    );
  });
});
