import { VigilError } from '#shared/errors';

/** A configuration item (or a file of them) could not be read or did not match any known shape. */
export class ConfigurationItemError extends VigilError {
  override readonly name: string = 'ConfigurationItemError';
}

/** One configuration item failed validation; `path` points at the offending field. */
export class InvalidConfigurationItemError extends ConfigurationItemError {
  override readonly name: string = 'InvalidConfigurationItemError';
}

/** A snapshot file is unreadable, not JSON, or holds no configuration items. */
export class SnapshotError extends ConfigurationItemError {
  override readonly name: string = 'SnapshotError';
}
