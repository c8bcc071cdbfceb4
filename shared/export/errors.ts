import { VigilError } from '#shared/errors';

/** An evidence export could not be produced (bad period, unreadable source, unwritable destination). */
export class ExportError extends VigilError {
  override readonly name: string = 'ExportError';
}
