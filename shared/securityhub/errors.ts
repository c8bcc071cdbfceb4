import { VigilError } from '#shared/errors';

/** Findings could not be imported into AWS Security Hub. */
export class SecurityHubError extends VigilError {
  override readonly name: string = 'SecurityHubError';
  /** Whether importing again later may succeed (read by the alert fan-out to decide on a retry). */
  readonly retryable: boolean;

  constructor(
    message: string,
    options: { cause?: unknown; context?: Record<string, unknown>; retryable: boolean },
  ) {
    super(message, options);
    this.retryable = options.retryable;
  }
}

/** An alert cannot be expressed as an ASFF finding (an unknown severity, a foreign account); never retryable. */
export class SecurityHubMappingError extends SecurityHubError {
  override readonly name: string = 'SecurityHubMappingError';

  constructor(message: string, options: { context?: Record<string, unknown> } = {}) {
    super(message, { ...options, retryable: false });
  }
}

/** One finding Security Hub refused in a `BatchImportFindings` answer. */
export interface FailedFinding {
  readonly id: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Error codes no retry fixes: the finding itself or the caller's rights are wrong. */
const PERMANENT_ERROR_CODES = new Set([
  'InvalidInput',
  'InvalidInputException',
  // Security Hub or the default product is not enabled in the account.
  'InvalidAccess',
  'InvalidAccessException',
  'AccessDenied',
  'AccessDeniedException',
]);

/** Security Hub refused some findings of an import (`FailedFindings`); the others were imported. */
export class SecurityHubImportError extends SecurityHubError {
  override readonly name: string = 'SecurityHubImportError';
  readonly failed: readonly FailedFinding[];

  constructor(failed: readonly FailedFinding[], imported: number) {
    const shown = failed
      .slice(0, 5)
      .map((finding) => `${finding.id} (${finding.errorCode}: ${finding.errorMessage})`)
      .join('; ');
    const more = failed.length > 5 ? `; and ${failed.length - 5} more` : '';
    super(`Security Hub refused ${failed.length} finding(s), imported ${imported}: ${shown}${more}`, {
      context: { failedIds: failed.map((finding) => finding.id), imported },
      retryable: failed.some((finding) => !PERMANENT_ERROR_CODES.has(finding.errorCode)),
    });
    this.failed = failed;
  }
}
