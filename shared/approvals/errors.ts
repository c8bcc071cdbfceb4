import { RemediationError } from '#shared/remediations/errors';

/** Base of every approve-to-fix failure. */
export class ApprovalError extends RemediationError {
  override readonly name: string = 'ApprovalError';
}

/** The approval variables of the environment are malformed. */
export class ApprovalConfigError extends ApprovalError {
  override readonly name: string = 'ApprovalConfigError';
}

/** The approval table rows could not be read or written. */
export class ApprovalStoreError extends ApprovalError {
  override readonly name: string = 'ApprovalStoreError';
}

/** A decision could not be handed to the remediation queue. */
export class ApprovalDispatchError extends ApprovalError {
  override readonly name: string = 'ApprovalDispatchError';
}

/** Slack refused an update sent to an interaction's `response_url`. */
export class SlackResponseError extends ApprovalError {
  override readonly name: string = 'SlackResponseError';
}
