import { VigilError } from '#shared/errors';

/** A service API call made to describe a resource failed. */
export class DescribeError extends VigilError {
  override readonly name: string = 'DescribeError';
}
