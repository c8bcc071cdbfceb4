import { SQSClient } from '@aws-sdk/client-sqs';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { type MessageQueue, SqsMessageQueue } from '#shared/queue/message-queue';
import { redrive } from '#shared/queue/redrive';
import { CliUsageError, type Command, EXIT, exitForKnownError, parseCommandArgs } from '../command';
import { type CliIo, writeError } from '../io';

const OPTIONS = {
  dlq: { type: 'string' },
  to: { type: 'string' },
  max: { type: 'string' },
  'endpoint-url': { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `Usage: vigil redrive --dlq <queue url> --to <queue url> [--max N] [--endpoint-url URL] [--region R]

Moves messages from a dead-letter queue back to the queue the evaluator reads, in batches of 10: each
message is received, sent to the target (body, attributes, FIFO group and deduplication ids), and
deleted from the dead-letter queue only once the send succeeded. A message that cannot be moved stays
in the dead-letter queue (it reappears after 60 s).

Options:
  --dlq URL           the dead-letter queue to empty
  --to URL            the queue to send the messages to
  --max N             move at most N messages (default: until the dead-letter queue is empty)
  --endpoint-url URL  send SQS calls to this endpoint (local AWS)
  --region R          AWS region (default: from the queue URL, else AWS_REGION)
  -h, --help          show this help

Exit codes: 0 every message received was moved, 1 some could not be moved, 2 bad input.
`;

/** How `vigil redrive` reaches its queues; replaced in tests. */
export interface RedriveDependencies {
  readonly openQueue?: (
    url: string,
    settings: { readonly region: string; readonly endpoint?: string },
  ) => MessageQueue;
}

function requireUrl(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new CliUsageError(`redrive: --${name} is required`);
  try {
    return new URL(value).toString();
  } catch (cause) {
    throw new CliUsageError(`redrive: --${name} is not a URL: ${value}`, { cause });
  }
}

/** `https://sqs.eu-west-1.amazonaws.com/123/q` → `eu-west-1`. */
function regionOfQueueUrl(url: string): string | undefined {
  return /^https?:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com/.exec(url)?.[1];
}

/** `vigil redrive`: moves dead-lettered messages back; exit 0, 1 when some could not be moved, 2 on bad input. */
export async function runRedrive(
  argv: readonly string[],
  io: CliIo,
  dependencies: RedriveDependencies = {},
): Promise<number> {
  let clients: SQSClient[] = [];
  try {
    const { values } = parseCommandArgs('redrive', argv, OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return EXIT.OK;
    }
    const dlqUrl = requireUrl('dlq', values.dlq);
    const toUrl = requireUrl('to', values.to);
    if (dlqUrl === toUrl) throw new CliUsageError('redrive: --dlq and --to name the same queue');
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
      throw new CliUsageError(`redrive: --max must be a positive whole number, not ${values.max}`);
    }
    const endpoint = values['endpoint-url'];
    if (endpoint !== undefined) requireUrl('endpoint-url', endpoint);
    const region = values.region ?? regionOfQueueUrl(dlqUrl) ?? io.env.AWS_REGION ?? 'us-east-1';
    const settings = { region, ...(endpoint === undefined ? {} : { endpoint }) };
    const openQueue =
      dependencies.openQueue ??
      ((url: string) => {
        const client = new SQSClient({ ...sdkRetryConfig(), ...settings });
        clients.push(client);
        return new SqsMessageQueue({ client, url });
      });
    const report = await redrive(openQueue(dlqUrl, settings), openQueue(toUrl, settings), {
      ...(max === undefined ? {} : { max }),
      onBatch: (progress) => io.stderr.write(`vigil: moved ${progress.moved} so far\n`),
    });
    io.stdout.write(
      `moved ${report.moved} message${report.moved === 1 ? '' : 's'} from ${dlqUrl} to ${toUrl}\n`,
    );
    for (const failure of report.failed) {
      writeError(io, `message ${failure.messageId} not moved: ${failure.reason}`);
    }
    return report.failed.length === 0 ? EXIT.OK : EXIT.FINDINGS;
  } catch (error) {
    return exitForKnownError(io, error, EXIT.FINDINGS);
  } finally {
    for (const client of clients) client.destroy();
    clients = [];
  }
}

/** The `redrive` entry of the command table. */
export const redriveCommand: Command = {
  name: 'redrive',
  summary: 'move dead-lettered events back to the evaluator queue',
  help: HELP,
  run: runRedrive,
};
