import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { type CredentialsProvider, SignedRequestError } from './signed-request';

/** A stack output could not be read: no such stack, no such output, or CloudFormation refused. */
export class StackOutputError extends SignedRequestError {
  override readonly name: string = 'StackOutputError';
}

/**
 * Reads one output of a deployed stack with one CloudFormation `DescribeStacks` call. Needs
 * `cloudformation:DescribeStacks` on the stack.
 * @throws StackOutputError naming the stack and output when either is missing or the call is refused.
 */
export async function stackOutput(options: {
  readonly stack: string;
  readonly output: string;
  readonly region: string;
  readonly credentials: CredentialsProvider;
  /** CloudFormation endpoint (local AWS); default the regional one. */
  readonly endpoint?: string;
}): Promise<string> {
  const client = new CloudFormationClient({
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 3,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  });
  try {
    const response = await client.send(new DescribeStacksCommand({ StackName: options.stack }));
    const outputs = response.Stacks?.[0]?.Outputs ?? [];
    const value = outputs.find((output) => output.OutputKey === options.output)?.OutputValue?.trim();
    if (value !== undefined && value !== '') return value;
  } catch (cause) {
    throw new StackOutputError(
      `cannot read stack ${options.stack} in ${options.region}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause, context: { stack: options.stack } },
    );
  } finally {
    client.destroy();
  }
  throw new StackOutputError(
    `stack ${options.stack} has no output ${options.output} (deployed before approve-to-fix? redeploy it)`,
    { context: { stack: options.stack, output: options.output } },
  );
}
