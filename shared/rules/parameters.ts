import { VigilError } from '#shared/errors';
import type { ParameterSpec, Parameters, ParameterValue, Rule } from './rule';

/** A rule parameter override is unknown to the rule or cannot be read as the parameter's type. */
export class RuleParameterError extends VigilError {
  override readonly name: string = 'RuleParameterError';
}

function coerce(ruleId: string, key: string, spec: ParameterSpec, raw: unknown): ParameterValue {
  const fail = (expected: string) =>
    new RuleParameterError(
      `rule ${ruleId}: parameter ${key} must be ${expected}, got ${JSON.stringify(raw)}`,
      {
        context: { ruleId, parameter: key },
      },
    );
  switch (spec.type) {
    case 'number': {
      const value =
        typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(value)) throw fail('a number');
      return value;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim()))
        return raw.trim().toLowerCase() === 'true';
      throw fail('true or false');
    }
    case 'string':
      if (typeof raw === 'string' || typeof raw === 'number') return String(raw);
      throw fail('a string');
    case 'string-list': {
      // AWS Config passes lists as one comma-separated string.
      if (typeof raw === 'string') {
        return raw
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '');
      }
      if (Array.isArray(raw) && raw.every((part) => typeof part === 'string' || typeof part === 'number')) {
        return raw.map(String);
      }
      throw fail('a comma-separated list');
    }
    default: {
      const unreachable: never = spec.type;
      throw new RuleParameterError(
        `rule ${ruleId}: parameter ${key} has unknown type ${String(unreachable)}`,
      );
    }
  }
}

/**
 * The rule's parameters: its defaults, overridden by `overrides` (as AWS Config `ruleParameters`
 * pass them, strings included). Empty strings keep the default, as Config does for optional parameters.
 * @throws RuleParameterError on an unknown key or a value of the wrong type.
 */
export function resolveParameters(
  rule: Pick<Rule, 'id' | 'parameters'>,
  overrides: Readonly<Record<string, unknown>> = {},
): Parameters {
  const specs: Readonly<Record<string, ParameterSpec>> = rule.parameters;
  const resolved: Record<string, ParameterValue> = {};
  for (const [key, spec] of Object.entries(specs)) resolved[key] = spec.default;
  for (const [key, raw] of Object.entries(overrides)) {
    const spec = specs[key];
    if (!spec) {
      const known = Object.keys(specs).join(', ') || 'none';
      throw new RuleParameterError(`rule ${rule.id}: unknown parameter ${key} (known: ${known})`, {
        context: { ruleId: rule.id, parameter: key },
      });
    }
    if (raw === undefined || raw === null || raw === '') continue;
    resolved[key] = coerce(rule.id, key, spec, raw);
  }
  return Object.freeze(resolved);
}
