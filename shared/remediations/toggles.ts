import type { SSMClient } from '@aws-sdk/client-ssm';
import type { RemediationConfig } from './config';
import { ToggleStoreError } from './errors';

/**
 * What auto-remediation does for a rule: nothing, record what it would do, ask a person to approve what it
 * would do (and do it once approved), or do it.
 */
export const REMEDIATION_MODES = ['off', 'dry-run', 'approve', 'on'] as const;

/** The modes that leave a remediation record (every mode but `off`). */
export const ACTIVE_REMEDIATION_MODES = ['dry-run', 'approve', 'on'] as const;

/** A mode that leaves a record. */
export type ActiveRemediationMode = (typeof ACTIVE_REMEDIATION_MODES)[number];

/** A rule's remediation toggle. */
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** Key of the toggle map that applies to every rule not named. */
export const ALL_RULES_KEY = '*';

/** Default SSM parameter path of the run-time overrides: `/vigil/remediation/<rule-id>` = off|dry-run|approve|on. */
export const DEFAULT_SSM_PREFIX = '/vigil/remediation';

/** Whether a string is a remediation mode. */
export function isRemediationMode(value: string): value is RemediationMode {
  return (REMEDIATION_MODES as readonly string[]).includes(value);
}

/** Toggles per rule id (`*` for the rest). */
export type ToggleMap = Readonly<Record<string, RemediationMode>>;

/** The mode of a rule in a toggle map: its own entry, else `*`, else `off`. */
export function modeIn(toggles: ToggleMap, ruleId: string): RemediationMode {
  return toggles[ruleId] ?? toggles[ALL_RULES_KEY] ?? 'off';
}

/** Answers a rule's current toggle. */
export interface ToggleSource {
  modeOf(ruleId: string): Promise<RemediationMode>;
}

/** Reads the run-time overrides (SSM Parameter Store). */
export interface ToggleOverrides {
  read(): Promise<ToggleMap>;
}

/**
 * Run-time overrides from SSM parameters directly under a path: `<prefix>/<rule-id>`, and `<prefix>/all`
 * for every rule, each `off`, `dry-run`, `approve` or `on`. A parameter with any other value reads as `off`, so a typo
 * never turns a remediation on.
 */
export class SsmToggleOverrides implements ToggleOverrides {
  readonly #client: () => Promise<SSMClient>;
  readonly #prefix: string;

  /** `client` is asked for on the first read, so a function that never reads toggles never loads the SSM SDK. */
  constructor(options: { readonly client: () => Promise<SSMClient>; readonly prefix?: string }) {
    this.#client = options.client;
    this.#prefix = (options.prefix ?? DEFAULT_SSM_PREFIX).replace(/\/+$/, '');
  }

  async read(): Promise<ToggleMap> {
    const [{ GetParametersByPathCommand }, client] = await Promise.all([
      import('@aws-sdk/client-ssm'),
      this.#client(),
    ]);
    const toggles: Record<string, RemediationMode> = {};
    let nextToken: string | undefined;
    do {
      const response = await client.send(
        new GetParametersByPathCommand({
          Path: `${this.#prefix}/`,
          Recursive: false,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      for (const parameter of response.Parameters ?? []) {
        const name = parameter.Name?.slice(this.#prefix.length + 1);
        if (name === undefined || name === '') continue;
        const value = (parameter.Value ?? '').trim().toLowerCase();
        toggles[name === 'all' ? ALL_RULES_KEY : name] = isRemediationMode(value) ? value : 'off';
      }
      nextToken = response.NextToken;
    } while (nextToken !== undefined);
    return toggles;
  }
}

/**
 * Deploy-time defaults overlaid by run-time overrides, re-read at most once per `ttlMs` per container.
 * An override wins over a default of the same key; an override `*` (parameter `all`) wins over every
 * default. When the overrides cannot be read, the last value read is used; with none the call throws,
 * so a remediation never runs on a toggle that may have been turned off.
 */
export class CachedToggles implements ToggleSource {
  readonly #defaults: ToggleMap;
  readonly #overrides: ToggleOverrides | undefined;
  readonly #ttlMs: number;
  readonly #clock: () => number;
  #cached: { readonly at: number; readonly toggles: ToggleMap } | undefined;

  constructor(options: {
    readonly defaults: ToggleMap;
    readonly overrides?: ToggleOverrides;
    readonly ttlMs?: number;
    readonly clock?: () => number;
  }) {
    this.#defaults = options.defaults;
    this.#overrides = options.overrides;
    this.#ttlMs = options.ttlMs ?? 60_000;
    this.#clock = options.clock ?? Date.now;
  }

  async modeOf(ruleId: string): Promise<RemediationMode> {
    const overrides = await this.#currentOverrides();
    return overrides[ruleId] ?? overrides[ALL_RULES_KEY] ?? modeIn(this.#defaults, ruleId);
  }

  async #currentOverrides(): Promise<ToggleMap> {
    if (this.#overrides === undefined) return {};
    const now = this.#clock();
    if (this.#cached !== undefined && now - this.#cached.at < this.#ttlMs) return this.#cached.toggles;
    try {
      const toggles = await this.#overrides.read();
      this.#cached = { at: now, toggles };
      return toggles;
    } catch (error) {
      if (this.#cached !== undefined) return this.#cached.toggles;
      throw new ToggleStoreError('cannot read the run-time remediation toggles', { cause: error });
    }
  }
}

/** The toggles of a configuration: deploy-time defaults overlaid by SSM (cached per container). */
export function createToggles(
  remediation: Pick<RemediationConfig, 'toggles' | 'ssmPrefix' | 'toggleCacheMs'>,
  ssm: () => Promise<SSMClient>,
): ToggleSource {
  return new CachedToggles({
    defaults: remediation.toggles,
    ...(remediation.ssmPrefix === undefined
      ? {}
      : { overrides: new SsmToggleOverrides({ client: ssm, prefix: remediation.ssmPrefix }) }),
    ttlMs: remediation.toggleCacheMs,
  });
}
