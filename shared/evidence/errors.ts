import { VigilError } from '#shared/errors';

/** The evidence store refused or failed a read or write. */
export class EvidenceError extends VigilError {
  override readonly name: string = 'EvidenceError';
}

/** A stored finding does not match its hash, its chain, or the finding schema. */
export class EvidenceIntegrityError extends EvidenceError {
  override readonly name: string = 'EvidenceIntegrityError';
}
