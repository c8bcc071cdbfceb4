import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { DESCRIBABLE } from '#shared/describe/registry';
import { liveScanPolicy, liveScanPolicyText } from '#shared/scan/live-policy';
import { sdkCommandsUnder } from '#test/support/sdk-commands';

describe('the read-only IAM policy of vigil scan --live', () => {
  const policy = liveScanPolicy();
  const allowed = new Set(policy.Statement.flatMap((statement) => statement.Action));

  it('is what docs/live-scan-policy.json holds (regenerate with npm run docs:policy)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'docs/live-scan-policy.json'), 'utf8')).toBe(liveScanPolicyText());
  });

  it('allows the IAM action of every SDK command the describers send', () => {
    const uses = sdkCommandsUnder(join(PROJECT_ROOT, 'shared/describe'));
    expect(uses.length).toBeGreaterThan(20);
    for (const use of uses) expect(allowed.has(use.action), `${use.file}: ${use.action}`).toBe(true);
    expect(allowed.has('ec2:DescribeRegions')).toBe(true);
  });

  it('allows read actions only, each on the resources its type declares', () => {
    for (const action of allowed)
      expect(action).toMatch(/^[a-z0-9-]+:(Describe|Get|List|BatchGet|GET$|GenerateCredentialReport$)/);
    for (const support of DESCRIBABLE) {
      for (const permission of support.permissions) {
        for (const action of permission.actions) {
          const statements = policy.Statement.filter((statement) => statement.Action.includes(action));
          const resources = statements.flatMap((statement) => statement.Resource);
          expect(resources.length, action).toBeGreaterThan(0);
          if (!permission.resources.includes('*')) expect(resources, action).not.toContain('*');
        }
      }
    }
  });
});
