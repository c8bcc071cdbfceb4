import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '#infra/vigil-function';
import { DESCRIBABLE } from '#shared/describe/registry';
import type { DescribableType } from '#shared/describe/resource-type';
import { sdkCommandsUnder } from '#test/support/sdk-commands';

const DESCRIBE_DIR = join(PROJECT_ROOT, 'shared/describe');

/**
 * Read actions whose names do not say so: IAM's GenerateCredentialReport only (re)builds the account's
 * credential report, which GetCredentialReport then reads; it changes no resource, and read-only audit
 * policies (AWS's SecurityAudit among them) grant it.
 */
const READ_ACTIONS_NOT_NAMED_AS_READS: readonly string[] = ['iam:GenerateCredentialReport'];

const typeFolders = readdirSync(DESCRIBE_DIR).filter((name) =>
  statSync(join(DESCRIBE_DIR, name)).isDirectory(),
);

function isDescribable(value: unknown): value is DescribableType {
  return typeof value === 'object' && value !== null && 'resourceType' in value && 'describe' in value;
}

describe('describe registry', () => {
  it('registers each resource type once', () => {
    const types = DESCRIBABLE.map((support) => support.resourceType);
    expect(new Set(types).size).toBe(types.length);
  });

  it.each(typeFolders)(
    '%s: is registered, and declares the IAM action of every SDK command it sends',
    async (folder) => {
      const module: Record<string, unknown> = await import(join(DESCRIBE_DIR, folder, 'index.ts'));
      const exported = Object.values(module).filter(isDescribable);
      expect(exported.length, `${folder}/index.ts exports a DescribableType`).toBeGreaterThan(0);
      for (const support of exported) expect(DESCRIBABLE).toContain(support);
      const declared = new Set(exported.flatMap((support) => support.permissions.flatMap((p) => p.actions)));
      const uses = sdkCommandsUnder(join(DESCRIBE_DIR, folder));
      for (const use of uses) {
        expect(declared.has(use.action), `${use.file}: ${use.command} needs ${use.action}`).toBe(true);
      }
    },
  );

  it('declares only read actions', () => {
    for (const support of DESCRIBABLE) {
      for (const action of support.permissions.flatMap((permission) => permission.actions)) {
        if (READ_ACTIONS_NOT_NAMED_AS_READS.includes(action)) continue;
        expect(action, support.resourceType).toMatch(/^[a-z0-9-]+:(Describe|Get|List|BatchGet|GET$)/);
      }
    }
  });

  it('declares at least one CloudTrail write call per type', () => {
    for (const support of DESCRIBABLE) {
      const calls = Object.values(support.cloudTrail).flatMap((byName) => Object.keys(byName));
      expect(calls.length, support.resourceType).toBeGreaterThan(0);
    }
  });
});
