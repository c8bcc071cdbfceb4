import { VigilError } from '#shared/errors';

/** An alert could not be handed to the notification channel. */
export class NotifierError extends VigilError {
  override readonly name: string = 'NotifierError';
}

/** An alert policy setting (minimum severity, rule filters) is malformed. */
export class AlertPolicyError extends VigilError {
  override readonly name: string = 'AlertPolicyError';
}
