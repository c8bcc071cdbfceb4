import { VigilError } from '#shared/errors';

/** The pipeline could not finish processing an input; the trigger should retry it. */
export class PipelineError extends VigilError {
  override readonly name: string = 'PipelineError';
}

/** Other writers kept advancing the same state row; retrying later will succeed. */
export class StateContentionError extends PipelineError {
  override readonly name: string = 'StateContentionError';
}
