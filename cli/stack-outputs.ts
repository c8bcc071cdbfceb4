import { type CredentialsProvider, SignedRequestError, sendSigned } from './signed-request';

/** A stack output could not be read: no such stack, no such output, or CloudFormation refused. */
export class StackOutputError extends SignedRequestError {
  override readonly name: string = 'StackOutputError';
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Reads one output of a deployed stack with CloudFormation `DescribeStacks` (the Query API, signed with SigV4;
 * one call). Needs `cloudformation:DescribeStacks` on the stack.
 * @throws StackOutputError naming the stack and output when either is missing or the call is refused.
 */
export async function stackOutput(options: {
  readonly stack: string;
  readonly output: string;
  readonly region: string;
  readonly credentials: CredentialsProvider;
  /** CloudFormation endpoint (local AWS); default the regional one. */
  readonly endpoint?: string;
  readonly fetch?: typeof fetch;
}): Promise<string> {
  const url = new URL(options.endpoint ?? `https://cloudformation.${options.region}.amazonaws.com/`);
  const response = await sendSigned({
    url,
    method: 'POST',
    body: new URLSearchParams({
      Action: 'DescribeStacks',
      StackName: options.stack,
      Version: '2010-05-15',
    }).toString(),
    contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    service: 'cloudformation',
    region: options.region,
    credentials: options.credentials,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  if (response.status !== 200) {
    const message = /<Message>([\s\S]*?)<\/Message>/.exec(response.body)?.[1];
    throw new StackOutputError(
      `cannot read stack ${options.stack} in ${options.region}: ${message === undefined ? `HTTP ${response.status}` : unescapeXml(message)}`,
      { context: { stack: options.stack, status: response.status } },
    );
  }
  const outputs = /<Outputs>([\s\S]*?)<\/Outputs>/.exec(response.body)?.[1] ?? '';
  for (const member of outputs.matchAll(/<member>([\s\S]*?)<\/member>/g)) {
    const text = member[1] ?? '';
    const key = /<OutputKey>([\s\S]*?)<\/OutputKey>/.exec(text)?.[1];
    const value = /<OutputValue>([\s\S]*?)<\/OutputValue>/.exec(text)?.[1];
    if (key === options.output && value !== undefined) return unescapeXml(value.trim());
  }
  throw new StackOutputError(
    `stack ${options.stack} has no output ${options.output} (deployed before approve-to-fix? redeploy it)`,
    { context: { stack: options.stack, output: options.output } },
  );
}
