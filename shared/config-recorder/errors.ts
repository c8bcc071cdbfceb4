import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { VigilError } from '#shared/errors';
import type { ResourceKey } from './config-recorder';

/** An AWS Config API call failed or returned an item Vigil cannot read. */
export class ConfigRecorderError extends VigilError {
  override readonly name: string = 'ConfigRecorderError';
}

/** A call to an AWS Config aggregator failed or returned an item Vigil cannot read. */
export class ConfigAggregatorError extends ConfigRecorderError {
  override readonly name: string = 'ConfigAggregatorError';
}

/**
 * `BatchGetAggregateResourceConfig` left resources unprocessed even when asked again: their items are
 * unknown, so they must not be taken as judged (nor as deleted). Carries what was read and what was not.
 */
export class UnprocessedAggregateResourcesError extends ConfigAggregatorError {
  override readonly name: string = 'UnprocessedAggregateResourcesError';
  /** The items Config did return, in the order it returned them. */
  readonly items: readonly ConfigurationItem[];
  /** The resources Config left unprocessed. */
  readonly unprocessed: readonly ResourceKey[];

  constructor(
    message: string,
    options: {
      readonly items: readonly ConfigurationItem[];
      readonly unprocessed: readonly ResourceKey[];
      readonly context?: Record<string, unknown>;
    },
  ) {
    super(message, { context: { ...options.context, unprocessed: options.unprocessed.slice(0, 5) } });
    this.items = options.items;
    this.unprocessed = options.unprocessed;
  }
}
