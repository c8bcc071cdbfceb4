import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  type BatchImportFindingsCommandOutput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { type FailedFinding, SecurityHubError, SecurityHubImportError } from './errors';

/** `BatchImportFindings` takes at most this many findings per call. */
export const MAX_FINDINGS_PER_IMPORT = 100;

/** Errors of the call itself that no retry fixes: Security Hub is off in the account, or the role may not import. */
const PERMANENT_CALL_ERRORS = new Set([
  'AccessDeniedException',
  'InvalidAccessException',
  'InvalidInputException',
]);

/** Sends ASFF findings to AWS Security Hub (the port around `BatchImportFindings`). */
export interface SecurityHubPublisher {
  /**
   * Imports findings (creating them, or updating those with the same `Id` and product).
   * @throws SecurityHubImportError naming every finding Security Hub refused; SecurityHubError when a call
   * failed.
   */
  publish(findings: readonly AwsSecurityFinding[]): Promise<void>;
}

/**
 * {@link SecurityHubPublisher} on the SDK: one `BatchImportFindings` per 100 findings, one after the other;
 * throttling and transient errors are retried by the client's retry settings (`shared/aws/client-settings`).
 * Every batch is tried even when an earlier one had refusals, and all refusals are reported together.
 */
export class SdkSecurityHubPublisher implements SecurityHubPublisher {
  readonly #client: SecurityHubClient;

  constructor(options: { readonly client: SecurityHubClient }) {
    this.#client = options.client;
  }

  async publish(findings: readonly AwsSecurityFinding[]): Promise<void> {
    const failed: FailedFinding[] = [];
    let imported = 0;
    for (let start = 0; start < findings.length; start += MAX_FINDINGS_PER_IMPORT) {
      const batch = findings.slice(start, start + MAX_FINDINGS_PER_IMPORT);
      let answer: BatchImportFindingsCommandOutput;
      try {
        answer = await this.#client.send(new BatchImportFindingsCommand({ Findings: [...batch] }));
      } catch (error) {
        throw new SecurityHubError(
          `BatchImportFindings failed for ${batch.length} finding(s) after ${imported} were imported`,
          {
            cause: error,
            context: { findingIds: batch.map((finding) => finding.Id), imported },
            retryable: !PERMANENT_CALL_ERRORS.has(error instanceof Error ? error.name : ''),
          },
        );
      }
      const refused = (answer.FailedFindings ?? []).map((finding) => ({
        id: finding.Id ?? '(no id)',
        errorCode: finding.ErrorCode ?? 'Unknown',
        errorMessage: finding.ErrorMessage ?? '',
      }));
      failed.push(...refused);
      imported += answer.SuccessCount ?? batch.length - refused.length;
    }
    if (failed.length > 0) throw new SecurityHubImportError(failed, imported);
  }
}
