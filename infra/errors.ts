import { VigilError } from '#shared/errors';

/** A deployment setting (construct prop, CDK context value) is missing, malformed or inconsistent. */
export class InfraConfigError extends VigilError {
  override readonly name: string = 'InfraConfigError';
}
