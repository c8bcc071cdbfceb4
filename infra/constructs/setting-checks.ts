import { Token } from 'aws-cdk-lib';
import type { CustomRuleSummary } from '#shared/rules/custom-summary';
import { resolveParameters } from '#shared/rules/parameters';
import { RULES } from '#shared/rules/registry';
import { type ParameterValue, SEVERITIES } from '#shared/rules/rule';
import { DEFAULT_SETTLE_SECONDS, MAX_SETTLE_SECONDS } from '#shared/settle/settle-config';
import { InfraConfigError } from '../errors';
import type { VigilLogLevel } from '../vigil-function';

/** Per rule id, parameter overrides: `{ "cw-loggroup-retention-period-check": { "MinRetentionTime": 400 } }`. */
export type RuleParameterOverrides = Readonly<Record<string, Readonly<Record<string, ParameterValue>>>>;

/** Default SSM Parameter Store namespace of Vigil's run-time switches. */
export const DEFAULT_PARAMETER_NAMESPACE = '/vigil';

/** Default receives of a change event before it moves to the dead-letter queue. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

const LOG_LEVELS: readonly VigilLogLevel[] = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'];

/** The rule selection as the `ENABLED_RULES` value and, when known at synth time, as checked ids. */
export interface RuleSelection {
  readonly env: string;
  /** `undefined`: the whole catalog, or a selection only known at deploy time. */
  readonly ids: readonly string[] | undefined;
}

/** @throws InfraConfigError naming rules the catalog (built-in, or the custom rules given) does not have. */
export function ruleSelectionOf(
  value: readonly string[] | string | undefined,
  customRules: readonly CustomRuleSummary[] = [],
): RuleSelection {
  if (value === undefined) return { env: '', ids: undefined };
  // A parameter token is passed through; the functions check it at cold start.
  if (typeof value === 'string' && Token.isUnresolved(value)) return { env: value, ids: undefined };
  const ids = (typeof value === 'string' ? value.split(',') : value)
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return { env: '', ids: undefined };
  const known = new Set([...RULES, ...customRules].map((rule) => rule.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new InfraConfigError(`enabledRules names rules Vigil does not have: ${unknown.join(', ')}`, {
      context: { unknown },
    });
  }
  return { env: ids.join(','), ids };
}

/** The `RULE_PARAMETERS` value. @throws InfraConfigError naming an unknown rule or invalid overrides. */
export function ruleParametersJsonOf(
  value: RuleParameterOverrides | string | undefined,
  customRules: readonly CustomRuleSummary[] = [],
): string {
  if (value === undefined) return '{}';
  if (typeof value === 'string') return value;
  for (const [ruleId, overrides] of Object.entries(value)) {
    const rule = [...RULES, ...customRules].find((candidate) => candidate.id === ruleId);
    if (rule === undefined) {
      throw new InfraConfigError(`ruleParameters names a rule Vigil does not have: ${ruleId}`, {
        context: { ruleId },
      });
    }
    try {
      resolveParameters(rule, overrides);
    } catch (error) {
      throw new InfraConfigError(`ruleParameters for ${ruleId} are invalid`, {
        cause: error,
        context: { ruleId },
      });
    }
  }
  return JSON.stringify(value);
}

/** @throws InfraConfigError unless it looks like `/vigil` (and not under `/aws`). */
export function parameterNamespaceOf(value: string | undefined): string {
  const namespace = value ?? DEFAULT_PARAMETER_NAMESPACE;
  if (!/^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.-]$/.test(namespace) || namespace.startsWith('/aws')) {
    throw new InfraConfigError(`parameterNamespace must look like /vigil or /team/vigil, got ${namespace}`);
  }
  return namespace;
}

/** @throws InfraConfigError unless a severity, empty, or a token. */
export function alertMinSeverityOf(value: string | undefined): string {
  if (value === undefined) return '';
  if (Token.isUnresolved(value) || value === '' || (SEVERITIES as readonly string[]).includes(value))
    return value;
  throw new InfraConfigError(
    `alertMinSeverity must be one of ${SEVERITIES.join(', ')} or empty, got ${value}`,
  );
}

/** @throws InfraConfigError unless a Powertools log level or a token. */
export function logLevelOf(value: string | undefined): string {
  if (value === undefined) return 'INFO';
  if (Token.isUnresolved(value) || (LOG_LEVELS as readonly string[]).includes(value)) return value;
  throw new InfraConfigError(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${value}`);
}

/** @throws InfraConfigError unless a whole number from 1 to 1000. */
export function maxReceiveCountOf(value: number | undefined): number {
  const count = value ?? DEFAULT_MAX_RECEIVE_COUNT;
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    throw new InfraConfigError(`maxReceiveCount must be a whole number from 1 to 1000, got ${count}`);
  }
  return count;
}

/** The settle settings of the evaluator as its `SETTLE_SECONDS` and `SETTLE_SECONDS_BY_TYPE` values. */
export interface SettleEnvironment {
  readonly SETTLE_SECONDS: string;
  readonly SETTLE_SECONDS_BY_TYPE: string;
}

/**
 * Checks the settle period and its per-type overrides at synth time (whole seconds, 0 to
 * {@link MAX_SETTLE_SECONDS}: SQS delays a message at most 15 minutes) and returns them as environment values.
 * @throws InfraConfigError naming the prop and the value it refuses.
 */
export function settleEnvironmentOf(
  seconds: number | undefined,
  byType: Readonly<Record<string, number>> | undefined,
): SettleEnvironment {
  const check = (name: string, value: number): number => {
    if (!Number.isInteger(value) || value < 0 || value > MAX_SETTLE_SECONDS) {
      throw new InfraConfigError(
        `${name} must be a whole number of seconds from 0 (off) to ${MAX_SETTLE_SECONDS} (the longest SQS delay), got ${value}`,
      );
    }
    return value;
  };
  const overrides = Object.entries(byType ?? {}).map(([type, value]) => {
    if (!/^AWS::\w*::\w+$/.test(type)) {
      throw new InfraConfigError(`settleSecondsByType: ${JSON.stringify(type)} is not a resource type`);
    }
    return [type, check(`settleSecondsByType["${type}"]`, value)] as const;
  });
  return {
    SETTLE_SECONDS: String(check('settleSeconds', seconds ?? DEFAULT_SETTLE_SECONDS)),
    SETTLE_SECONDS_BY_TYPE: overrides.length === 0 ? '' : JSON.stringify(Object.fromEntries(overrides)),
  };
}
