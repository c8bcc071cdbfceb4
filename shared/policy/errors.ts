import { VigilError } from '#shared/errors';

/** Base class of every error the policy analyser raises on purpose. */
export class PolicyError extends VigilError {
  override readonly name: string = 'PolicyError';
}

/** A policy document is not valid JSON, not URL-decodable, or does not have the IAM policy grammar. */
export class PolicyParseError extends PolicyError {
  override readonly name: string = 'PolicyParseError';
}

/** A wildcard comparison grew past its state budget (only pathological patterns can cause this). */
export class PolicyComplexityError extends PolicyError {
  override readonly name: string = 'PolicyComplexityError';
}
