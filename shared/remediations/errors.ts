import { VigilError } from '#shared/errors';

/** Base of every auto-remediation failure. */
export class RemediationError extends VigilError {
  override readonly name: string = 'RemediationError';
}

/** A planned call was refused by AWS or reported as unsuccessful. */
export class RemediationCallError extends RemediationError {
  override readonly name: string = 'RemediationCallError';
}

/** A remediation record could not be written to the evidence bucket. */
export class RemediationEvidenceError extends RemediationError {
  override readonly name: string = 'RemediationEvidenceError';
}

/** The rate-limit counter could not be read or written. */
export class RateLimiterError extends RemediationError {
  override readonly name: string = 'RateLimiterError';
}

/** The run-time toggles could not be read and no earlier value is cached. */
export class ToggleStoreError extends RemediationError {
  override readonly name: string = 'ToggleStoreError';
}
