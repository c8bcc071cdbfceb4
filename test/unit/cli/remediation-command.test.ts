import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { regionOfFunctionUrl, runRemediation } from '#cli/commands/remediation';
import { SignedRequestError } from '#cli/signed-request';
import { COMMANDS } from '#cli/vigil';
import { captureIo } from '#test/support/cli-io';
import {
  type FunctionUrlAnswer,
  type FunctionUrlServer,
  type KnownCaller,
  startFunctionUrlServer,
} from '#test/support/function-url-server';

const ID = '0123456789abcdef0123456789abcdef';
const REGION = 'eu-west-1';
const CALLER: KnownCaller = {
  accessKeyId: 'AKIAAPPROVER000001',
  secretAccessKey: 'approver-secret-key-0000000000000000000',
  sessionToken: 'approver-session-token',
  arn: 'arn:aws:sts::111122223333:assumed-role/Ops/alice',
};
const STRANGER = {
  accessKeyId: 'AKIASTRANGER000001',
  secretAccessKey: 'stranger-secret-key-0000000000000000000',
};

interface Seen {
  readonly body: unknown;
  readonly callerArn: string | undefined;
}

describe('vigil remediation', () => {
  let server: FunctionUrlServer;
  let answer: FunctionUrlAnswer;
  const seen: Seen[] = [];

  beforeAll(async () => {
    server = await startFunctionUrlServer(
      async (event) => {
        const { body, requestContext } = event as {
          body: string;
          requestContext: { authorizer?: { iam?: { userArn?: string } } };
        };
        seen.push({
          body: JSON.parse(Buffer.from(body, 'base64').toString('utf8')),
          callerArn: requestContext.authorizer?.iam?.userArn,
        });
        return answer;
      },
      { region: REGION, callers: [CALLER] },
    );
  });
  afterAll(() => server.close());
  afterEach(() => {
    seen.length = 0;
  });

  async function run(argv: readonly string[], credentials: object = CALLER) {
    const io = captureIo({ env: {} });
    const code = await runRemediation(argv, io, { credentials: async () => ({ ...credentials }) as never });
    return { code, out: io.out(), err: io.err() };
  }

  const at = () => ['--url', server.url, '--region', REGION];

  it('is listed in the command table', () => {
    expect(COMMANDS.map((command) => command.name)).toContain('remediation');
  });

  it.each([
    ['no subcommand', [], /say approve ID, reject ID or list/],
    ['an unknown subcommand', ['apply', ID], /unknown command 'apply'/],
    ['approve without an id', ['approve'], /approval id is required/],
    ['an id that is not 32 hex digits', ['approve', 'abc'], /'abc' is not an approval id/],
    ['an upper-case id', ['approve', ID.toUpperCase()], /is not an approval id/],
    ['reject without a reason', ['reject', ID], /--reason is required/],
    ['reject with a blank reason', ['reject', ID, '--reason', '  '], /--reason is required/],
    ['a reason over 1,000 characters', ['approve', ID, '--reason', 'x'.repeat(1_001)], /longer than 1000/],
    ['list with a reason', ['list', '--reason', 'why'], /--reason only goes with approve or reject/],
    ['an extra argument', ['approve', ID, 'again'], /unexpected argument again/],
    ['an unknown flag', ['approve', ID, '--force'], /unknown option '--force'/],
  ])('refuses %s with exit 2 before calling anything', async (_case, argv, message) => {
    const { code, err } = await run([...argv, ...at()]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(seen).toEqual([]);
  });

  it.each([
    ['neither --url nor --stack', ['approve', ID, '--region', REGION], /give --url URL or --stack NAME/],
    [
      'both --url and --stack',
      ['approve', ID, '--url', 'https://x.example/', '--stack', 'Vigil', '--region', REGION],
      /give --url URL or --stack NAME/,
    ],
    [
      'a --url that is not a URL',
      ['approve', ID, '--url', 'not a url', '--region', REGION],
      /--url is not a URL/,
    ],
    ['no region anywhere', ['approve', ID, '--url', 'http://127.0.0.1:9/'], /no region/],
    [
      'a region that is not one',
      ['approve', ID, '--url', 'http://127.0.0.1:9/', '--region', 'mars'],
      /'mars' is not a region/,
    ],
  ])('refuses %s with exit 2', async (_case, argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('reads the region from a function URL', () => {
    expect(regionOfFunctionUrl(new URL('https://abcdef123456.lambda-url.eu-central-1.on.aws/'))).toBe(
      'eu-central-1',
    );
    expect(regionOfFunctionUrl(new URL('https://example.com/'))).toBeUndefined();
  });

  it('sends a SigV4-signed approval that AWS authenticates as the caller', async () => {
    answer = { statusCode: 202, body: JSON.stringify({ status: 'approved', approvalId: ID }) };
    const { code, out } = await run(['approve', ID, '--reason', 'change ticket 42', ...at()]);
    expect(code).toBe(0);
    expect(out).toContain(`approved ${ID}`);
    expect(seen).toEqual([
      { body: { action: 'approve', approvalId: ID, comment: 'change ticket 42' }, callerArn: CALLER.arn },
    ]);
  });

  it('sends a rejection with its reason and prints the record', async () => {
    answer = {
      statusCode: 200,
      body: JSON.stringify({ status: 'rejected', reason: 'no', record: 'remediations/x.json' }),
    };
    const { code, out } = await run(['reject', ID, '--reason', 'not during the freeze', ...at()]);
    expect(code).toBe(0);
    expect(out).toBe(`rejected ${ID} (record remediations/x.json)\n`);
    expect(seen[0]?.body).toEqual({ action: 'reject', approvalId: ID, comment: 'not during the freeze' });
  });

  it('is refused by AWS (403, never reaching the handler) when signed for another region', async () => {
    const before = server.refused.length;
    const { code, err } = await run(['approve', ID, '--url', server.url, '--region', 'us-east-1']);
    expect(code).toBe(1);
    expect(err).toContain('lambda:InvokeFunctionUrl');
    expect(seen).toEqual([]);
    expect(server.refused.slice(before)).toEqual(['signed for lambda in us-east-1, not lambda in eu-west-1']);
  });

  it('is refused by AWS when the keys are not the ones it knows', async () => {
    const before = server.refused.length;
    const { code } = await run(['approve', ID, ...at()], STRANGER);
    expect(code).toBe(1);
    expect(seen).toEqual([]);
    expect(server.refused.slice(before)).toEqual([`unknown access key ${STRANGER.accessKeyId}`]);
  });

  it('is refused by AWS when the body is altered after signing', async () => {
    const before = server.refused.length;
    const tamper: typeof fetch = (input, init) =>
      fetch(input, { ...init, body: JSON.stringify({ action: 'approve', approvalId: 'f'.repeat(32) }) });
    const io = captureIo({ env: {} });
    const code = await runRemediation(['approve', ID, ...at()], io, {
      credentials: async () => CALLER,
      fetch: tamper,
    });
    expect(code).toBe(1);
    expect(seen).toEqual([]);
    expect(server.refused.slice(before)).toEqual(['signature does not match']);
  });

  it.each([
    [
      'a refusal (not an approver), recorded',
      {
        statusCode: 409,
        body: JSON.stringify({
          status: 'refused',
          reason: 'aws arn:… is not an approver of s3-bucket-versioning-enabled',
          record: 'remediations/r.json',
        }),
      },
      1,
      /refused: aws arn:… is not an approver of s3-bucket-versioning-enabled \(record remediations\/r\.json\)/,
    ],
    [
      'an expired request',
      {
        statusCode: 409,
        body: JSON.stringify({ status: 'expired', reason: 'expired at 2026-01-01T00:00:00.000Z' }),
      },
      1,
      /expired: expired at/,
    ],
    [
      'an unknown id',
      { statusCode: 404, body: JSON.stringify({ error: 'no such approval' }) },
      2,
      /no approval .*no such approval/,
    ],
    [
      'a request the endpoint cannot read',
      { statusCode: 400, body: JSON.stringify({ error: 'approvalId: must be an approval id' }) },
      2,
      /refused the request: approvalId/,
    ],
    [
      'a misconfigured URL (no IAM auth)',
      { statusCode: 403, body: JSON.stringify({ error: 'no AWS-authenticated caller' }) },
      1,
      /answered 403: no AWS-authenticated caller/,
    ],
    ['a server error', { statusCode: 502, body: 'Internal Server Error' }, 3, /unexpected answer .*HTTP 502/],
  ])('reports %s', async (_case, given, exit, message) => {
    answer = given;
    const { code, err } = await run(['approve', ID, ...at()]);
    expect(code).toBe(exit);
    expect(err).toMatch(message);
  });

  it('lists pending approvals, soonest expiry first, or as JSON', async () => {
    const approvals = [
      {
        approvalId: 'b'.repeat(32),
        ruleId: 'r2',
        resource: 'AWS::S3::Bucket b',
        requestedAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-01-02T12:00:00Z',
        planned: ['s3:PutBucketVersioning enable'],
      },
      {
        approvalId: 'a'.repeat(32),
        ruleId: 'r1',
        resource: 'AWS::S3::Bucket a',
        requestedAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-01-02T00:00:00Z',
        planned: [],
      },
    ];
    answer = { statusCode: 200, body: JSON.stringify({ approvals }) };
    const text = await run(['list', ...at()]);
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toBe('2 pending approvals');
    expect(text.out.indexOf('a'.repeat(32))).toBeLessThan(text.out.indexOf('b'.repeat(32)));
    expect(text.out).toContain('  - s3:PutBucketVersioning enable');
    expect(seen.at(-1)).toEqual({ body: { action: 'list' }, callerArn: CALLER.arn });
    const json = await run(['list', '--json', ...at()]);
    expect(JSON.parse(json.out)).toEqual({ approvals });
  });

  it('says so when there are no credentials, with exit 1', async () => {
    const io = captureIo({ env: {} });
    const code = await runRemediation(['list', ...at()], io, {
      credentials: async () => {
        throw new SignedRequestError('no AWS credentials found');
      },
    });
    expect(code).toBe(1);
    expect(io.err()).toContain('no AWS credentials found');
  });

  it('says so when the endpoint cannot be reached, with exit 1', async () => {
    const { code, err } = await run(['list', '--url', 'http://127.0.0.1:9/', '--region', REGION]);
    expect(code).toBe(1);
    expect(err).toContain('cannot reach http://127.0.0.1:9');
  });

  describe('--stack', () => {
    let cloudFormation: { url: string; close(): Promise<void> };
    const calls: { body: string; authorization: string }[] = [];
    let stackBody: () => { status: number; xml: string };

    beforeAll(async () => {
      const http = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          calls.push({
            body: Buffer.concat(chunks).toString('utf8'),
            authorization: String(request.headers.authorization ?? ''),
          });
          const { status, xml } = stackBody();
          response.writeHead(status, { 'content-type': 'text/xml' });
          response.end(xml);
        });
      });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      cloudFormation = {
        url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
        close: () => new Promise<void>((resolve) => http.close(() => resolve())),
      };
    });
    afterAll(() => cloudFormation.close());

    const outputsXml = (outputs: Record<string, string>) =>
      `<DescribeStacksResponse><DescribeStacksResult><Stacks><member><StackName>Vigil</StackName>
<Parameters><member><ParameterKey>LogLevel</ParameterKey><ParameterValue>INFO</ParameterValue></member></Parameters>
<Outputs>${Object.entries(outputs)
        .map(
          ([key, value]) =>
            `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`,
        )
        .join('')}</Outputs></member></Stacks></DescribeStacksResult></DescribeStacksResponse>`;

    it('reads the URL from the stack output ApprovalCliUrl with one signed DescribeStacks', async () => {
      stackBody = () => ({
        status: 200,
        xml: outputsXml({ StateTableName: 'table', ApprovalCliUrl: server.url }),
      });
      answer = { statusCode: 200, body: JSON.stringify({ approvals: [] }) };
      calls.length = 0;
      const { code, out } = await run([
        'list',
        '--stack',
        'Vigil',
        '--region',
        REGION,
        '--cloudformation-endpoint',
        cloudFormation.url,
      ]);
      expect(code).toBe(0);
      expect(out).toBe('0 pending approvals\n');
      expect(calls).toHaveLength(1);
      expect(Object.fromEntries(new URLSearchParams(calls[0]?.body))).toEqual({
        Action: 'DescribeStacks',
        StackName: 'Vigil',
        Version: '2010-05-15',
      });
      expect(calls[0]?.authorization).toContain(`/${REGION}/cloudformation/aws4_request`);
    });

    it('names the stack when it has no approval output', async () => {
      stackBody = () => ({ status: 200, xml: outputsXml({ StateTableName: 'table' }) });
      const { code, err } = await run([
        'list',
        '--stack',
        'Vigil',
        '--region',
        REGION,
        '--cloudformation-endpoint',
        cloudFormation.url,
      ]);
      expect(code).toBe(1);
      expect(err).toContain('stack Vigil has no output ApprovalCliUrl');
    });

    it("passes on CloudFormation's message when the stack does not exist", async () => {
      stackBody = () => ({
        status: 400,
        xml: '<ErrorResponse><Error><Code>ValidationError</Code><Message>Stack with id Nope does not exist</Message></Error></ErrorResponse>',
      });
      const { code, err } = await run([
        'list',
        '--stack',
        'Nope',
        '--region',
        REGION,
        '--cloudformation-endpoint',
        cloudFormation.url,
      ]);
      expect(code).toBe(1);
      expect(err).toContain('cannot read stack Nope in eu-west-1: Stack with id Nope does not exist');
    });
  });
});
