import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type Acceptance, MAX_ACCEPTANCE_DAYS, parseAcceptance } from '#shared/acceptances/acceptance';
import { appendChange, type RegisterDeps } from '#shared/acceptances/register';
import { type RegisterEntry, statusOf } from '#shared/acceptances/register-chain';
import { DynamoDbRegisterStore } from '#shared/acceptances/register-store';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { S3EvidenceStore } from '#shared/evidence/s3-evidence-store';
import { S3EvidenceSource } from '#shared/export/evidence-source';
import { useCustomRules } from '#shared/rules/custom-rules';
import { ruleCatalog } from '#shared/rules/registry';
import { CliUsageError, type Command, EXIT, exitForKnownError, parseCommandArgs } from '../command';
import type { CliIo } from '../io';

const DAY_MS = 86_400_000;

const STACK_OPTIONS = {
  table: { type: 'string', short: 't' },
  bucket: { type: 'string', short: 'b' },
  'retention-days': { type: 'string' },
  region: { type: 'string' },
  'endpoint-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const STACK_HELP = `Stack options:
  -t, --table TABLE         the Vigil state table (stack output StateTableName)
  -b, --bucket BUCKET       the evidence bucket (stack output EvidenceBucketName)
      --retention-days N    Object Lock retention of the change objects (default 400, the stack's default)
      --region R            AWS region (default: AWS_REGION, else us-east-1)
      --endpoint-url URL    send AWS calls to this endpoint (local AWS)
  -h, --help                show this help

Needs: dynamodb:Query, dynamodb:PutItem (TransactWriteItems) on the ACCEPTANCES partition of the table,
s3:PutObject, s3:PutObjectRetention and s3:GetObject on acceptances/* of the bucket, sts:GetCallerIdentity
(the stack's AcceptanceAdmin role grants exactly these; see docs/acceptances.md).
`;

const ACCEPT_HELP = `Usage: vigil accept --rule RULE --resource ID|ARN|PATTERN --account ACCOUNT|'*' --reason TEXT
         --owner WHO --approver WHO --expires YYYY-MM-DD [--starts YYYY-MM-DD] [--ticket URL]
         [--region-scope R] [--allow-tag-exemption] --table TABLE --bucket BUCKET

Records a risk acceptance in the register: findings of the rule on the matching resources are still
recorded, marked with the acceptance, but do not alert and are not remediated until it expires (at most
${MAX_ACCEPTANCE_DAYS} days after it starts) or is revoked. The change is written as a locked, hash-chained object
under acceptances/ in the evidence bucket, then made the register's head in the state table; your AWS
identity is recorded as its author.

Options:
  --rule RULE             the rule id (vigil rules lists them)
  --rules DIR             the folder of your custom rules, when RULE is one (docs/custom-rules.md)
  --resource PATTERN      an exact resource id or ARN, or a pattern with * and ? over either
  --account A             the 12-digit account id, or '*' for every account
  --region-scope R        only this region (default: every region)
  --reason TEXT           why the risk is accepted (required)
  --owner WHO             who answers for it and is warned 7 days before expiry (required)
  --approver WHO          who approved it; not the owner (required)
  --ticket URL            the change or risk ticket
  --starts DATE           when it begins (default: now)
  --expires DATE          when it ends (required; YYYY-MM-DD is midnight UTC)
  --allow-tag-exemption   cover only resources that also carry a vigil:exempt tag for the rule
  --json                  print the change as JSON

${STACK_HELP}
Exit codes: 0 recorded, 2 bad input or the register could not be written.
`;

const REVOKE_HELP = `Usage: vigil revoke ACCEPTANCE_ID --reason TEXT --table TABLE --bucket BUCKET

Ends a risk acceptance now: the revocation is written as a locked register change, the evaluator stops
honouring the acceptance within a minute, and the hourly expiry job alerts its still-failing resources.

Options:
  --reason TEXT   why it is revoked (required)

${STACK_HELP}
Exit codes: 0 revoked, 2 bad input, unknown or already ended acceptance, or the register could not be written.
`;

const LIST_HELP = `Usage: vigil acceptances --table TABLE [--all] [--json] [--region R] [--endpoint-url URL]

Lists the register's acceptances with their status: active, expiring (within 7 days), pending (not begun),
expired, revoked, lapsed (closed by the expiry job). Without --all, lapsed ones are left out.

Options:
  -t, --table TABLE     the Vigil state table
      --all             include lapsed acceptances
      --json            print the entries as JSON
      --region R        AWS region
      --endpoint-url U  send DynamoDB calls to this endpoint
  -h, --help            show this help

Needs dynamodb:Query on the ACCEPTANCES partition. Exit codes: 0 listed, 2 bad input or unreadable table.
`;

/** How the acceptance commands reach the deployed stack; replaced in tests. */
export interface AcceptCommandDependencies {
  readonly openRegister?: (settings: StackSettings) => RegisterDeps;
  /** The caller's AWS identity (an ARN), recorded as the author of each change. */
  readonly identity?: (settings: StackSettings) => Promise<string>;
  readonly clock?: () => Date;
}

/** Where the register lives and how to reach it. */
export interface StackSettings {
  readonly table: string;
  readonly bucket?: string;
  readonly retentionDays: number;
  readonly region: string;
  readonly endpoint?: string;
}

function required(command: string, name: string, value: string | undefined): string {
  if (value === undefined || value.trim() === '')
    throw new CliUsageError(`${command}: --${name} is required`);
  return value;
}

/** `YYYY-MM-DD` (midnight UTC) or a full ISO time. */
function parseDate(command: string, name: string, value: string): Date {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
  const time = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
    throw new CliUsageError(`${command}: --${name} must be a date (YYYY-MM-DD) or an ISO time, not ${value}`);
  }
  return new Date(time);
}

function stackSettings(
  command: string,
  values: {
    table?: string;
    bucket?: string;
    'retention-days'?: string;
    region?: string;
    'endpoint-url'?: string;
  },
  io: CliIo,
  needsBucket: boolean,
): StackSettings {
  const retention = values['retention-days'] === undefined ? 400 : Number(values['retention-days']);
  if (!Number.isInteger(retention) || retention < 1) {
    throw new CliUsageError(`${command}: --retention-days must be a positive whole number`);
  }
  return {
    table: required(command, 'table', values.table),
    ...(needsBucket ? { bucket: required(command, 'bucket', values.bucket) } : {}),
    retentionDays: retention,
    region: values.region ?? io.env.AWS_REGION ?? 'us-east-1',
    ...(values['endpoint-url'] === undefined ? {} : { endpoint: values['endpoint-url'] }),
  };
}

/** SDK clients for the register, destroyed by the caller. */
function sdkRegister(settings: StackSettings, clients: { destroy(): void }[]): RegisterDeps {
  const common = {
    ...sdkRetryConfig(),
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
  };
  const dynamodb = new DynamoDBClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: settings.endpoint !== undefined });
  clients.push(dynamodb, s3);
  const bucket = settings.bucket ?? '';
  const store = new S3EvidenceStore({ client: s3, bucket, retentionDays: settings.retentionDays });
  const source = new S3EvidenceSource({ client: s3, bucket });
  return {
    store: new DynamoDbRegisterStore({ client: dynamodb, table: settings.table }),
    evidence: {
      putLockedDocument: (key, body, retainFrom) => store.putLockedDocument(key, body, retainFrom),
      read: (key) => source.read(key),
    },
    clock: () => new Date(),
  };
}

async function stsIdentity(settings: StackSettings, clients: { destroy(): void }[]): Promise<string> {
  const sts = new STSClient({
    ...sdkRetryConfig(),
    region: settings.region,
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
  });
  clients.push(sts);
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  if (identity.Arn === undefined)
    throw new CliUsageError('cannot tell who you are: GetCallerIdentity returned no ARN');
  return identity.Arn;
}

async function guarded(io: CliIo, run: (clients: { destroy(): void }[]) => Promise<number>): Promise<number> {
  const clients: { destroy(): void }[] = [];
  try {
    return await run(clients);
  } catch (error) {
    return exitForKnownError(io, error, EXIT.USAGE, { sdkErrors: true });
  } finally {
    for (const client of clients) client.destroy();
  }
}

/** A new acceptance id: `acc-` and 12 random hex digits. */
export function newAcceptanceId(): string {
  return `acc-${randomBytes(6).toString('hex')}`;
}

/** `vigil accept`: records a risk acceptance; exit 0, 2 on bad input or when the register cannot be written. */
export function runAccept(
  argv: readonly string[],
  io: CliIo,
  dependencies: AcceptCommandDependencies = {},
): Promise<number> {
  return guarded(io, async (clients) => {
    const { values } = parseCommandArgs('accept', argv, {
      ...STACK_OPTIONS,
      rule: { type: 'string' },
      rules: { type: 'string' },
      resource: { type: 'string' },
      account: { type: 'string' },
      'region-scope': { type: 'string' },
      reason: { type: 'string' },
      owner: { type: 'string' },
      approver: { type: 'string' },
      ticket: { type: 'string' },
      starts: { type: 'string' },
      expires: { type: 'string' },
      'allow-tag-exemption': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(ACCEPT_HELP);
      return EXIT.OK;
    }
    const ruleId = required('accept', 'rule', values.rule);
    if (values.rules !== undefined) await useCustomRules(values.rules);
    if (!ruleCatalog().some((rule) => rule.id === ruleId)) {
      throw new CliUsageError(`accept: unknown rule ${ruleId} (vigil rules lists them)`);
    }
    const now = (dependencies.clock ?? (() => new Date()))();
    const startsAt = values.starts === undefined ? now : parseDate('accept', 'starts', values.starts);
    const expiresAt = parseDate('accept', 'expires', required('accept', 'expires', values.expires));
    if (expiresAt.getTime() <= now.getTime()) {
      throw new CliUsageError(`accept: --expires ${values.expires} is not in the future`);
    }
    if (expiresAt.getTime() - startsAt.getTime() > MAX_ACCEPTANCE_DAYS * DAY_MS) {
      throw new CliUsageError(
        `accept: --expires must be at most ${MAX_ACCEPTANCE_DAYS} days after the start`,
      );
    }
    const settings = stackSettings('accept', values, io, true);
    const by = await (dependencies.identity?.(settings) ?? stsIdentity(settings, clients));
    let acceptance: Acceptance;
    try {
      acceptance = parseAcceptance({
        id: newAcceptanceId(),
        ruleId,
        resource: required('accept', 'resource', values.resource),
        accountId: required('accept', 'account', values.account),
        ...(values['region-scope'] === undefined ? {} : { region: values['region-scope'] }),
        reason: required('accept', 'reason', values.reason),
        owner: required('accept', 'owner', values.owner),
        approver: required('accept', 'approver', values.approver),
        ...(values.ticket === undefined ? {} : { ticket: values.ticket }),
        startsAt: startsAt.toISOString(),
        expiresAt: expiresAt.toISOString(),
        allowTagExemption: values['allow-tag-exemption'] === true,
        createdBy: by,
        createdAt: now.toISOString(),
      });
    } catch (error) {
      throw new CliUsageError(`accept: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    const deps = dependencies.openRegister?.(settings) ?? sdkRegister(settings, clients);
    const appended = await appendChange(acceptance.id, { change: 'accepted', acceptance }, by, deps);
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ key: appended.key, change: appended.change }, null, 2)}\n`);
    } else {
      io.stdout.write(
        `accepted ${acceptance.id}: ${acceptance.ruleId} on ${acceptance.resource} in ${acceptance.accountId}${acceptance.region === undefined ? '' : `/${acceptance.region}`} until ${acceptance.expiresAt}\n  register change #${appended.change.sequence} ${appended.change.hash} at s3://${settings.bucket ?? ''}/${appended.key}\n`,
      );
    }
    return EXIT.OK;
  });
}

/** `vigil revoke`: ends an acceptance now; exit 0, 2 on bad input or an unknown or ended acceptance. */
export function runRevoke(
  argv: readonly string[],
  io: CliIo,
  dependencies: AcceptCommandDependencies = {},
): Promise<number> {
  return guarded(io, async (clients) => {
    const { values, positionals } = parseCommandArgs(
      'revoke',
      argv,
      { ...STACK_OPTIONS, reason: { type: 'string' } },
      true,
    );
    if (values.help) {
      io.stdout.write(REVOKE_HELP);
      return EXIT.OK;
    }
    const [id, ...extra] = positionals;
    if (id === undefined || extra.length > 0)
      throw new CliUsageError('revoke: name exactly one acceptance id');
    const reason = required('revoke', 'reason', values.reason);
    const settings = stackSettings('revoke', values, io, true);
    const now = (dependencies.clock ?? (() => new Date()))();
    const by = await (dependencies.identity?.(settings) ?? stsIdentity(settings, clients));
    const deps = dependencies.openRegister?.(settings) ?? sdkRegister(settings, clients);
    const appended = await appendChange(id, { change: 'revoked', reason }, by, deps, (entry) => {
      if (entry === undefined) throw new CliUsageError(`revoke: no acceptance ${id} in the register`);
      const status = statusOf(entry, now);
      if (status === 'revoked' || status === 'lapsed' || status === 'expired') {
        throw new CliUsageError(`revoke: acceptance ${id} is already ${status}`);
      }
    });
    io.stdout.write(`revoked ${id}: register change #${appended.change.sequence} ${appended.change.hash}\n`);
    return EXIT.OK;
  });
}

/** One register entry as a line of `vigil acceptances`. */
export function formatEntry(entry: RegisterEntry, now: Date): string {
  const { acceptance } = entry;
  return `${acceptance.id}  ${statusOf(entry, now).padEnd(8)}  ${acceptance.ruleId}  ${acceptance.resource}  ${acceptance.accountId}${acceptance.region === undefined ? '' : `/${acceptance.region}`}  until ${acceptance.expiresAt}  owner ${acceptance.owner}  approver ${acceptance.approver}${acceptance.ticket === undefined ? '' : `  ${acceptance.ticket}`}`;
}

/** `vigil acceptances`: lists the register with each entry's status. */
export function runAcceptances(
  argv: readonly string[],
  io: CliIo,
  dependencies: AcceptCommandDependencies = {},
): Promise<number> {
  return guarded(io, async (clients) => {
    const { values } = parseCommandArgs('acceptances', argv, {
      ...STACK_OPTIONS,
      all: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (values.help) {
      io.stdout.write(LIST_HELP);
      return EXIT.OK;
    }
    const settings = stackSettings('acceptances', values, io, false);
    const now = (dependencies.clock ?? (() => new Date()))();
    const deps = dependencies.openRegister?.(settings) ?? sdkRegister(settings, clients);
    const view = await deps.store.read();
    const entries = [...view.entries.values()]
      .filter((entry) => values.all === true || statusOf(entry, now) !== 'lapsed')
      .sort((a, b) => (a.acceptance.expiresAt < b.acceptance.expiresAt ? -1 : 1));
    if (values.json) {
      io.stdout.write(
        `${JSON.stringify(
          { head: view.head, entries: entries.map((entry) => ({ ...entry, status: statusOf(entry, now) })) },
          null,
          2,
        )}\n`,
      );
    } else {
      io.stdout.write(`register head #${view.head.sequence} ${view.head.hash ?? '-'}\n`);
      for (const entry of entries) io.stdout.write(`${formatEntry(entry, now)}\n`);
      if (entries.length === 0) io.stdout.write('no acceptances\n');
    }
    return EXIT.OK;
  });
}

/** The `accept` entry of the command table. */
export const acceptCommand: Command = {
  name: 'accept',
  summary: 'record a risk acceptance (owner, approver, expiry) in the register',
  help: ACCEPT_HELP,
  run: (argv, io) => runAccept(argv, io),
};

/** The `revoke` entry of the command table. */
export const revokeCommand: Command = {
  name: 'revoke',
  summary: 'end a risk acceptance now',
  help: REVOKE_HELP,
  run: (argv, io) => runRevoke(argv, io),
};

/** The `acceptances` entry of the command table. */
export const acceptancesCommand: Command = {
  name: 'acceptances',
  summary: 'list the risk-acceptance register with each entry status',
  help: LIST_HELP,
  run: (argv, io) => runAcceptances(argv, io),
};
