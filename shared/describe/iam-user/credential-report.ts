import { setTimeout as sleep } from 'node:timers/promises';
import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';

/** What the credential report says of one access key slot (`access_key_1_*`, `access_key_2_*`). */
export interface ReportedKeyUse {
  /** `access_key_N_last_rotated`: when the key was created (or last changed); absent when `N/A`. */
  readonly lastRotated?: Date;
  /** `access_key_N_last_used_date`; `null` when the key was never used (`N/A`). */
  readonly lastUsedDate: Date | null;
  readonly lastUsedRegion?: string;
  readonly lastUsedService?: string;
}

/** One user's row of the credential report, as far as the describer uses it. */
export interface CredentialReportRow {
  readonly user: string;
  readonly userCreationTime?: Date;
  readonly accessKeys: readonly ReportedKeyUse[];
}

/** The parsed credential report of one account, by user name. */
export interface CredentialReport {
  readonly rows: ReadonlyMap<string, CredentialReportRow>;
}

/** Values the report writes where there is no date or name. */
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);

function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined || NO_VALUE.has(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function textOf(value: string | undefined): string | undefined {
  return value === undefined || NO_VALUE.has(value) ? undefined : value;
}

/** RFC 4180 records: fields separated by commas, quoted when they hold a comma, quote or line break. */
function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records.filter((fields) => fields.some((value) => value !== ''));
}

/**
 * Parses the CSV of `GetCredentialReport` (header line first). Only the columns the describer uses are
 * kept: the user, its creation time, and each access key slot's creation and last use.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
export function parseCredentialReport(csv: string): CredentialReport {
  const [header, ...lines] = csvRecords(csv);
  const column = new Map((header ?? []).map((name, index) => [name.trim(), index]));
  const rows = new Map<string, CredentialReportRow>();
  for (const fields of lines) {
    const at = (name: string): string | undefined => {
      const index = column.get(name);
      return index === undefined ? undefined : fields[index];
    };
    const user = at('user');
    if (user === undefined || user === '') continue;
    const accessKeys = [1, 2].map((slot): ReportedKeyUse => {
      const lastRotated = dateOf(at(`access_key_${slot}_last_rotated`));
      const region = textOf(at(`access_key_${slot}_last_used_region`));
      const service = textOf(at(`access_key_${slot}_last_used_service`));
      return {
        ...(lastRotated === undefined ? {} : { lastRotated }),
        lastUsedDate: dateOf(at(`access_key_${slot}_last_used_date`)) ?? null,
        ...(region === undefined ? {} : { lastUsedRegion: region }),
        ...(service === undefined ? {} : { lastUsedService: service }),
      };
    });
    const created = dateOf(at('user_creation_time'));
    rows.set(user, { user, ...(created === undefined ? {} : { userCreationTime: created }), accessKeys });
  }
  return { rows };
}

/** Whole seconds since the epoch: the report writes times to the second, the IAM API to the millisecond. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * The report's last use of one access key of one user: the user's row (only when the row's creation time
 * is the user's, so a deleted and recreated user of the same name is not mistaken for the old one), then
 * the key slot created in the same second as the key. `undefined` when the report does not cover the key
 * (created after the report, or a slot the report leaves `N/A`, as it does for keys that are not active).
 */
export function reportedKeyUse(
  report: CredentialReport,
  user: { readonly userName: string; readonly createDate: Date },
  keyCreateDate: Date,
): ReportedKeyUse | undefined {
  const row = report.rows.get(user.userName);
  if (row === undefined) return undefined;
  if (row.userCreationTime !== undefined && seconds(row.userCreationTime) !== seconds(user.createDate)) {
    return undefined;
  }
  return row.accessKeys.find(
    (slot) => slot.lastRotated !== undefined && seconds(slot.lastRotated) === seconds(keyCreateDate),
  );
}

/** How long a read report serves describes of the same account (one sweep, or a container's burst of events). */
export const CREDENTIAL_REPORT_TTL_MS = 5 * 60_000;

/** Waits between `GenerateCredentialReport` polls while IAM builds the report (about 7 s in all). */
const POLL_DELAYS_MS: readonly number[] = [200, 500, 1_000, 2_000, 3_000];

interface CacheEntry {
  readonly expiresAt: number;
  readonly report: Promise<CredentialReport | undefined>;
}

/**
 * The credential report of each account, read once per `ttlMs` and shared by every describe of that
 * account's users meanwhile (concurrent describes wait for the same read): a sweep of N users costs one
 * `GenerateCredentialReport` (plus polls while IAM builds it) and one `GetCredentialReport`, not N.
 * IAM itself rebuilds the report at most every four hours, so its last-use dates may be that old.
 * A report that cannot be read (no permission, still being built after the polls, throttled) is
 * remembered as `undefined` for the same window: the describer then asks `GetAccessKeyLastUsed` per key.
 */
export class CredentialReportCache {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #wait: (ms: number) => Promise<unknown>;
  readonly #pollDelaysMs: readonly number[];
  readonly #entries = new WeakMap<IAMClient, Map<string, CacheEntry>>();

  constructor(
    options: {
      readonly ttlMs?: number;
      readonly now?: () => number;
      readonly wait?: (ms: number) => Promise<unknown>;
      readonly pollDelaysMs?: readonly number[];
    } = {},
  ) {
    this.#ttlMs = options.ttlMs ?? CREDENTIAL_REPORT_TTL_MS;
    this.#now = options.now ?? Date.now;
    this.#wait = options.wait ?? ((ms) => sleep(ms));
    this.#pollDelaysMs = options.pollDelaysMs ?? POLL_DELAYS_MS;
  }

  /** The account's report through `client`, read at most once per window; `undefined` when unreadable. */
  report(client: IAMClient, accountId: string): Promise<CredentialReport | undefined> {
    let byAccount = this.#entries.get(client);
    if (byAccount === undefined) {
      byAccount = new Map();
      this.#entries.set(client, byAccount);
    }
    const now = this.#now();
    const cached = byAccount.get(accountId);
    if (cached !== undefined && cached.expiresAt > now) return cached.report;
    const report = this.#read(client).catch(() => undefined);
    byAccount.set(accountId, { expiresAt: now + this.#ttlMs, report });
    return report;
  }

  async #read(client: IAMClient): Promise<CredentialReport | undefined> {
    for (const delay of [...this.#pollDelaysMs, undefined]) {
      const { State } = await client.send(new GenerateCredentialReportCommand({}));
      if (State === 'COMPLETE') break;
      // Still building after the last poll: GetCredentialReport answers ReportInProgress, and the
      // describer falls back to per-key reads.
      if (delay === undefined) return undefined;
      await this.#wait(delay);
    }
    const response = await client.send(new GetCredentialReportCommand({}));
    if (response.Content === undefined) return undefined;
    return parseCredentialReport(new TextDecoder().decode(response.Content));
  }
}

/** The cache every describer of this container shares. */
export const CREDENTIAL_REPORTS = new CredentialReportCache();
