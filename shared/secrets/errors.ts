import { VigilError } from '#shared/errors';

/** A secret could not be read; messages name the secret, never its value. */
export class SecretError extends VigilError {
  override readonly name: string = 'SecretError';
}

/** The secret does not exist (or was deleted). */
export class SecretNotFoundError extends SecretError {
  override readonly name: string = 'SecretNotFoundError';
}

/** The secret exists but holds no string value Vigil can use. */
export class SecretValueError extends SecretError {
  override readonly name: string = 'SecretValueError';
}
