import { VigilError } from '#shared/errors';

/** An alert could not be handed to the notification channel. */
export class NotifierError extends VigilError {
  override readonly name: string = 'NotifierError';
}
