import { z } from 'zod';
import { APPROVAL_ID_PATTERN } from '#shared/approvals/slack-interaction';
import { VigilError } from '#shared/errors';
import { CliUsageError, type Command, EXIT, parseCommandArgs } from '../command';
import { type CliIo, writeError } from '../io';
import {
  type CredentialsProvider,
  defaultCredentials,
  SignedRequestError,
  sendSigned,
} from '../signed-request';
import { stackOutput } from '../stack-outputs';

/** The stack output holding the URL `vigil remediation` calls. */
export const APPROVAL_CLI_OUTPUT = 'ApprovalCliUrl';

/** The longest `--reason` the endpoint accepts. */
const MAX_REASON_LENGTH = 1_000;

const OPTIONS = {
  url: { type: 'string' },
  stack: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  reason: { type: 'string' },
  json: { type: 'boolean' },
  'cloudformation-endpoint': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil remediation approve ID [--reason TEXT] (--url URL | --stack NAME) [--region R]
       vigil remediation reject ID --reason TEXT (--url URL | --stack NAME) [--region R]
       vigil remediation list (--url URL | --stack NAME) [--region R] [--json]

Decides on a remediation waiting in approve mode, as the AWS identity running the command: the request is
signed with SigV4 (service lambda) and AWS passes the authenticated caller ARN to Vigil, which checks it
against the rule's approvers (RemediationApprovers; an assumed-role session counts as its role). An
approved plan is applied by the remediation function only if the resource still fails and the new plan
equals the approved one; every decision and refusal is a locked remediation record.

Commands:
  approve ID          approve the planned calls of approval ID (32 hex digits, from Slack or 'list')
  reject ID           reject them; --reason is required
  list                the approvals still pending: id, rule, resource, expiry, planned calls

Options:
  --url URL           the approval endpoint (stack output ${APPROVAL_CLI_OUTPUT})
  --stack NAME        read that output from this deployed stack (cloudformation:DescribeStacks)
  --region R          AWS region (default: from the URL, else AWS_REGION)
  --profile P         AWS profile (default: the SDK's default credential chain)
  --reason TEXT       why (kept in the record; at most ${MAX_REASON_LENGTH} characters)
  --json              print the endpoint's answer as JSON
  --cloudformation-endpoint URL
                      send DescribeStacks to this endpoint (local AWS)
  -h, --help          show this help

The caller needs lambda:InvokeFunctionUrl and lambda:InvokeFunction on the approval CLI function
(docs/remediation.md, "Approving from the command line").

Exit codes: 0 approved (handed to the remediation function), rejected, or listed; 1 refused and recorded
(not an approver, already decided, expired), denied by AWS, or unreachable; 2 bad input or unknown id;
3 an unexpected answer.
`;

/** How `vigil remediation` reaches AWS; replaced in tests. */
export interface RemediationCommandDependencies {
  readonly credentials?: CredentialsProvider;
  readonly fetch?: typeof fetch;
}

/** `https://<id>.lambda-url.eu-west-1.on.aws/` → `eu-west-1`. */
export function regionOfFunctionUrl(url: URL): string | undefined {
  return /^[a-z0-9]+\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(url.hostname)?.[1];
}

const PendingSchema = z.object({
  approvals: z.array(
    z.object({
      approvalId: z.string(),
      ruleId: z.string(),
      resource: z.string(),
      requestedAt: z.string(),
      expiresAt: z.string(),
      planned: z.array(z.string()),
    }),
  ),
});

const AnswerSchema = z.object({
  status: z.string().optional(),
  reason: z.string().optional(),
  record: z.string().optional(),
  error: z.string().optional(),
});

type Action =
  | { readonly action: 'list' }
  | { readonly action: 'approve' | 'reject'; readonly approvalId: string };

function parseAction(positionals: readonly string[], reason: string | undefined): Action {
  const [verb, id, ...extra] = positionals;
  if (verb === undefined) throw new CliUsageError('remediation: say approve ID, reject ID or list');
  if (verb === 'list') {
    if (id !== undefined) throw new CliUsageError(`remediation list: unexpected argument ${id}`);
    return { action: 'list' };
  }
  if (verb !== 'approve' && verb !== 'reject') {
    throw new CliUsageError(`remediation: unknown command '${verb}' (use approve, reject or list)`);
  }
  if (id === undefined) throw new CliUsageError(`remediation ${verb}: the approval id is required`);
  if (extra.length > 0) throw new CliUsageError(`remediation ${verb}: unexpected argument ${extra[0]}`);
  if (!APPROVAL_ID_PATTERN.test(id)) {
    throw new CliUsageError(`remediation ${verb}: '${id}' is not an approval id (32 lowercase hex digits)`);
  }
  if (verb === 'reject' && (reason === undefined || reason.trim() === '')) {
    throw new CliUsageError('remediation reject: --reason is required (it goes into the record)');
  }
  return { action: verb, approvalId: id };
}

function parseUrl(name: string, value: string): URL {
  try {
    return new URL(value);
  } catch (cause) {
    throw new CliUsageError(`remediation: --${name} is not a URL: ${value}`, { cause });
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Writes the answer of a decision and returns the exit code. */
function reportDecision(
  io: CliIo,
  action: Action & { action: 'approve' | 'reject' },
  status: number,
  body: string,
): number {
  const answer = AnswerSchema.safeParse(parseJson(body));
  const data = answer.success ? answer.data : {};
  const record = data.record === undefined ? '' : ` (record ${data.record})`;
  if (status === 202 && data.status === 'approved') {
    io.stdout.write(
      `approved ${action.approvalId}: the remediation function re-reads the resource and applies the plan ` +
        'only if it still fails and the plan is unchanged; the outcome is recorded under remediations/\n',
    );
    return EXIT.OK;
  }
  if (status === 200 && data.status === 'rejected') {
    io.stdout.write(`rejected ${action.approvalId}${record}\n`);
    return EXIT.OK;
  }
  if (status === 409) {
    writeError(
      io,
      `${action.action} ${action.approvalId} ${data.status ?? 'refused'}: ${data.reason ?? 'no reason given'}${record}`,
    );
    return EXIT.FINDINGS;
  }
  if (status === 404) {
    writeError(
      io,
      `no approval ${action.approvalId}: ${data.error ?? 'unknown id'} (see vigil remediation list)`,
    );
    return EXIT.USAGE;
  }
  return reportFailure(io, status, body, data.error);
}

/** Writes an answer that is not a decision (AWS denial, bad request, server error) and returns the exit code. */
function reportFailure(io: CliIo, status: number, body: string, error: string | undefined): number {
  if (status === 403 && error === undefined) {
    writeError(
      io,
      'AWS refused the call (403): the caller needs lambda:InvokeFunctionUrl and lambda:InvokeFunction on ' +
        `the approval CLI function, and the request must be signed for its region (${body.trim() || 'no details'})`,
    );
    return EXIT.FINDINGS;
  }
  if (status === 400) {
    writeError(io, `the endpoint refused the request: ${error ?? body.trim()}`);
    return EXIT.USAGE;
  }
  if (error !== undefined && status < 500) {
    writeError(io, `the endpoint answered ${status}: ${error}`);
    return EXIT.FINDINGS;
  }
  writeError(io, `unexpected answer from the endpoint (HTTP ${status}): ${body.trim().slice(0, 500)}`);
  return EXIT.INTERNAL;
}

function reportList(io: CliIo, status: number, body: string, json: boolean): number {
  const parsed = status === 200 ? PendingSchema.safeParse(parseJson(body)) : undefined;
  if (parsed === undefined || !parsed.success) {
    return reportFailure(io, status, body, AnswerSchema.safeParse(parseJson(body)).data?.error);
  }
  const { approvals } = parsed.data;
  if (json) {
    io.stdout.write(`${JSON.stringify(parsed.data, null, 2)}\n`);
    return EXIT.OK;
  }
  io.stdout.write(`${plural(approvals.length, 'pending approval')}\n`);
  for (const approval of [...approvals].sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))) {
    io.stdout.write(
      `\n${approval.approvalId}  ${approval.ruleId}\n  resource: ${approval.resource}\n` +
        `  requested ${approval.requestedAt}, expires ${approval.expiresAt}\n`,
    );
    for (const call of approval.planned) io.stdout.write(`  - ${call}\n`);
  }
  return EXIT.OK;
}

/** `vigil remediation approve|reject|list`: decides on approve-mode remediations as the caller's AWS identity. */
export async function runRemediation(
  argv: readonly string[],
  io: CliIo,
  dependencies: RemediationCommandDependencies = {},
): Promise<number> {
  try {
    const { values, positionals } = parseCommandArgs('remediation', argv, OPTIONS, true);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const action = parseAction(positionals, values.reason);
    if (values.reason !== undefined && values.reason.length > MAX_REASON_LENGTH) {
      throw new CliUsageError(`remediation: --reason is longer than ${MAX_REASON_LENGTH} characters`);
    }
    if (action.action === 'list' && values.reason !== undefined) {
      throw new CliUsageError('remediation list: --reason only goes with approve or reject');
    }
    if ((values.url === undefined) === (values.stack === undefined)) {
      throw new CliUsageError(
        `remediation: give --url URL or --stack NAME (which reads the output ${APPROVAL_CLI_OUTPUT})`,
      );
    }
    const given = values.url === undefined ? undefined : parseUrl('url', values.url);
    const region = values.region ?? (given && regionOfFunctionUrl(given)) ?? io.env.AWS_REGION;
    if (region === undefined || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      throw new CliUsageError(
        `remediation: ${region === undefined ? 'no region' : `'${region}' is not a region`} (give --region, or a function URL that names it)`,
      );
    }
    const credentials = dependencies.credentials ?? defaultCredentials(values.profile);
    const fetcher = dependencies.fetch === undefined ? {} : { fetch: dependencies.fetch };
    const cfEndpoint = values['cloudformation-endpoint'];
    const url =
      given ??
      parseUrl(
        'stack',
        await stackOutput({
          stack: values.stack ?? '',
          output: APPROVAL_CLI_OUTPUT,
          region,
          credentials,
          ...(cfEndpoint === undefined
            ? {}
            : { endpoint: parseUrl('cloudformation-endpoint', cfEndpoint).toString() }),
        }),
      );
    const body =
      action.action === 'list'
        ? { action: 'list' }
        : {
            action: action.action,
            approvalId: action.approvalId,
            ...(values.reason === undefined ? {} : { comment: values.reason }),
          };
    const response = await sendSigned({
      url,
      method: 'POST',
      body: JSON.stringify(body),
      contentType: 'application/json',
      service: 'lambda',
      region,
      credentials,
      ...fetcher,
    });
    if (action.action === 'list') return reportList(io, response.status, response.body, values.json === true);
    if (!values.json) return reportDecision(io, action, response.status, response.body);
    io.stdout.write(`${response.body.trim()}\n`);
    return reportDecision({ ...io, stdout: { write: () => true } }, action, response.status, response.body);
  } catch (error) {
    if (error instanceof CliUsageError) {
      writeError(io, error.message);
      return EXIT.USAGE;
    }
    if (error instanceof SignedRequestError || error instanceof VigilError) {
      const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      writeError(io, `${error.message}${cause}`);
      return EXIT.FINDINGS;
    }
    throw error;
  }
}

/** The `remediation` entry of the command table. */
export const remediationCommand: Command = {
  name: 'remediation',
  summary: 'approve, reject or list remediations waiting in approve mode',
  help: HELP,
  run: runRemediation,
};
