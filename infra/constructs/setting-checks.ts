import { Token } from 'aws-cdk-lib';
import { resolveParameters } from '#shared/rules/parameters';
import { RULES } from '#shared/rules/registry';
import { type ParameterValue, SEVERITIES } from '#shared/rules/rule';
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

/** @throws InfraConfigError naming rules the catalog does not have. */
export function ruleSelectionOf(value: readonly string[] | string | undefined): RuleSelection {
  if (value === undefined) return { env: '', ids: undefined };
  // A parameter token is passed through; the functions check it at cold start.
  if (typeof value === 'string' && Token.isUnresolved(value)) return { env: value, ids: undefined };
  const ids = (typeof value === 'string' ? value.split(',') : value)
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) return { env: '', ids: undefined };
  const unknown = ids.filter((id) => !RULES.some((rule) => rule.id === id));
  if (unknown.length > 0) {
    throw new InfraConfigError(`enabledRules names rules Vigil does not have: ${unknown.join(', ')}`, {
      context: { unknown },
    });
  }
  return { env: ids.join(','), ids };
}

/** The `RULE_PARAMETERS` value. @throws InfraConfigError naming an unknown rule or invalid overrides. */
export function ruleParametersJsonOf(value: RuleParameterOverrides | string | undefined): string {
  if (value === undefined) return '{}';
  if (typeof value === 'string') return value;
  for (const [ruleId, overrides] of Object.entries(value)) {
    const rule = RULES.find((candidate) => candidate.id === ruleId);
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
