import { S3ServiceException } from '@aws-sdk/client-s3';

/** Runs `send` and returns the S3 error it fails with, or fails the test if it succeeds. */
export async function s3Failure(send: () => Promise<unknown>): Promise<S3ServiceException> {
  try {
    await send();
  } catch (error) {
    if (error instanceof S3ServiceException) return error;
    throw error;
  }
  throw new Error('expected the S3 call to be refused, but it succeeded');
}
