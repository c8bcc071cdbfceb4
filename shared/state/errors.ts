import { VigilError } from '#shared/errors';

/** The compliance state table refused or failed a read or write. */
export class StateStoreError extends VigilError {
  override readonly name: string = 'StateStoreError';
}
