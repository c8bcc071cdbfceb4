import { VigilError } from '#shared/errors';

/** An AWS Config API call failed or returned an item Vigil cannot read. */
export class ConfigRecorderError extends VigilError {
  override readonly name: string = 'ConfigRecorderError';
}
