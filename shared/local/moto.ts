import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { VigilError } from '#shared/errors';

/** The pinned moto release the harness installs; bumping it re-creates the venv on the next run. */
export const MOTO_REQUIREMENT = 'moto[server]==5.2.5';

/** Root of the repository this file lives in (shared/local/ is two levels below it). */
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARKER_FILE = '.vigil-moto-installed';
const LOCK_STALE_MS = 20 * 60_000;
const LOCK_WAIT_MS = 15 * 60_000;
const START_TIMEOUT_MS = 60_000;
const OUTPUT_TAIL_CHARS = 4_000;

/**
 * Runs moto's server with what the plain `moto_server` lacks. It dies with its parent: the wrapper
 * exits when its stdin closes, which happens whenever the Node process ends, even on SIGKILL where no
 * 'exit' handler could run. And DynamoDB requests run one at a time: moto's threaded server otherwise lets
 * two concurrent conditional writes both pass their condition (seen under load: two invocations both
 * claiming sequence 1 of a state row and both alerting), where AWS makes each conditional write atomic.
 * And each RDS DB instance gets its own `DbiResourceId`: moto gives every instance the same one, where AWS
 * (and AWS Config, which keys DB instances by it) gives each its own. And a DynamoDB transaction keeps a
 * copy of the items it names to roll back, where moto deep-copies every table it names, once per item:
 * under the lock above, each `TransactWriteItems` on a 10,000-row table stalled every DynamoDB call for
 * about two seconds and grew the server past 8 GB in a bench sweep (the sweep counts each page with one).
 */
const SERVER_WRAPPER = [
  'import os, sys, threading',
  'from moto.moto_server.werkzeug_app import DomainDispatcherApplication',
  'from moto.server import main',
  'def _watch_parent():',
  '    sys.stdin.read()',
  '    os._exit(0)',
  'threading.Thread(target=_watch_parent, daemon=True).start()',
  '_dynamodb_lock = threading.Lock()',
  '_dispatch = DomainDispatcherApplication.__call__',
  'def _serialized_dynamodb(self, environ, start_response):',
  "    if not environ.get('HTTP_X_AMZ_TARGET', '').startswith('DynamoDB_'):",
  '        return _dispatch(self, environ, start_response)',
  '    with _dynamodb_lock:',
  '        return list(_dispatch(self, environ, start_response))',
  'DomainDispatcherApplication.__call__ = _serialized_dynamodb',
  'import random, string',
  'from moto.rds.models import DBInstance as _DBInstance',
  '_db_instance_init = _DBInstance.__init__',
  'def _unique_dbi_resource_id(self, *args, **kwargs):',
  '    _db_instance_init(self, *args, **kwargs)',
  "    self.dbi_resource_id = 'db-' + ''.join(random.choices(string.ascii_uppercase + string.digits, k=26))",
  '_DBInstance.__init__ = _unique_dbi_resource_id',
  'import copy as _copy',
  'import moto.dynamodb.models as _dynamodb_models',
  'from moto.dynamodb.models.dynamo_type import DynamoType as _DynamoType',
  'from moto.dynamodb.models.table import Table as _Table',
  "_transaction = {'items': None}",
  'class _TransactionCopy:',
  '    def deepcopy(self, value, memo=None):',
  "        if isinstance(value, _Table) and _transaction['items'] is not None:",
  '            return value',
  '        return _copy.deepcopy(value, memo)',
  '    def __getattr__(self, name):',
  '        return getattr(_copy, name)',
  '_dynamodb_models.copy = _TransactionCopy()',
  '_transact_write_items = _dynamodb_models.DynamoDBBackend.transact_write_items',
  'def _touched_items(backend, transact_items):',
  '    saved = []',
  '    for entry in transact_items:',
  '        op = next(iter(entry.values()))',
  "        table = backend.tables[op['TableName']]",
  "        attrs = op['Item'] if 'Item' in op else op['Key']",
  '        key = {table.hash_key_attr: attrs[table.hash_key_attr]}',
  '        if table.range_key_attr is not None:',
  '            key[table.range_key_attr] = attrs[table.range_key_attr]',
  "        saved.append((table, key, _copy.deepcopy(backend.get_item(op['TableName'], key))))",
  '    return saved',
  'def _restore(table, key, item):',
  '    hash_value = _DynamoType(key[table.hash_key_attr])',
  '    if table.range_key_attr is None:',
  '        if item is None:',
  '            table.items.pop(hash_value, None)',
  '        else:',
  '            table.items[hash_value] = item',
  '        return',
  '    range_value = _DynamoType(key[table.range_key_attr])',
  '    if item is not None:',
  '        table.items[hash_value][range_value] = item',
  '    elif hash_value in table.items:',
  '        table.items[hash_value].pop(range_value, None)',
  '        if not table.items[hash_value]:',
  '            del table.items[hash_value]',
  'def _transact_write_touched(self, transact_items):',
  '    try:',
  '        saved = _touched_items(self, transact_items)',
  '    except Exception:',
  '        return _transact_write_items(self, transact_items)',
  "    _transaction['items'] = saved",
  '    try:',
  '        return _transact_write_items(self, transact_items)',
  '    except Exception:',
  '        for table, key, item in reversed(saved):',
  '            _restore(table, key, item)',
  '        raise',
  '    finally:',
  "        _transaction['items'] = None",
  '_dynamodb_models.DynamoDBBackend.transact_write_items = _transact_write_touched',
  'main(sys.argv[1:])',
].join('\n');

/** A failure of the local moto harness: venv creation, package install, or server start-up. */
export class MotoHarnessError extends VigilError {
  override readonly name: string = 'MotoHarnessError';
}

/** A running moto server on loopback, owned by this process. */
export interface MotoServer {
  /** Base URL for SDK clients, e.g. `http://127.0.0.1:41234`. */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); safe to call twice. */
  stop(): Promise<void>;
  /** Wipes every resource in every emulated service (POST /moto-api/reset). */
  reset(): Promise<void>;
}

/** Settings shared by every SDK v3 client pointed at moto. */
export interface AwsClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** Settings for an S3 client pointed at moto (path-style, since moto has no wildcard DNS). */
export interface S3ClientConfig extends AwsClientConfig {
  readonly forcePathStyle: true;
}

/** Path of the harness's Python venv; `VIGIL_MOTO_VENV` overrides the default `<repo>/.moto-venv`. */
export function motoVenvDir(): string {
  return process.env.VIGIL_MOTO_VENV ?? join(REPO_ROOT, '.moto-venv');
}

/**
 * Makes sure the venv holds the pinned moto and returns its path; the first run creates it with
 * `python3 -m venv` (or `$VIGIL_PYTHON`) and pip, later runs only read a marker file.
 */
export async function ensureMotoVenv(): Promise<string> {
  const venv = motoVenvDir();
  if (await isInstalled(venv)) return venv;

  const release = await acquireInstallLock(venv);
  try {
    // Another process may have finished the install while this one waited for the lock.
    if (await isInstalled(venv)) return venv;
    await installVenv(venv);
    return venv;
  } finally {
    await release();
  }
}

/** Starts moto's server on a free loopback port and resolves once it answers HTTP. */
export async function startMotoServer(): Promise<MotoServer> {
  const venv = await ensureMotoVenv();
  // The port is free when probed but could be taken before moto binds it; a second try covers that race.
  try {
    return await launchServer(venv, await freeLoopbackPort());
  } catch (error) {
    if (!(error instanceof MotoHarnessError) || !/address already in use/i.test(error.message)) throw error;
    return launchServer(venv, await freeLoopbackPort());
  }
}

/** Client settings for any SDK v3 client talking to the moto server at `endpoint`. */
export function awsClientConfig(endpoint: string): AwsClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  };
}

/** Client settings for an S3 client talking to the moto server at `endpoint`. */
export function s3ClientConfig(endpoint: string): S3ClientConfig {
  return { ...awsClientConfig(endpoint), forcePathStyle: true };
}

/**
 * A resource name unique to this call (lowercase, valid for S3 buckets), so test files sharing one server
 * never collide and never need a reset.
 */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`.toLowerCase();
}

function log(message: string): void {
  process.stderr.write(`[moto] ${message}\n`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function isInstalled(venv: string): Promise<boolean> {
  try {
    const marker = await readFile(join(venv, MARKER_FILE), 'utf8');
    return marker.trim() === MOTO_REQUIREMENT && (await exists(join(venv, 'bin', 'python')));
  } catch {
    return false;
  }
}

async function installVenv(venv: string): Promise<void> {
  const started = Date.now();
  const python = process.env.VIGIL_PYTHON ?? 'python3';
  // Start from nothing: a venv without the marker is a half-finished or outdated install.
  await rm(venv, { recursive: true, force: true });
  log(`creating venv at ${venv} with ${python}`);
  try {
    await run(python, ['-m', 'venv', venv]);
  } catch (error) {
    const hint = /ensurepip/i.test(String(error instanceof MotoHarnessError ? error.context.output : ''))
      ? ' (on Debian/Ubuntu: apt-get install python3-venv)'
      : '';
    throw new MotoHarnessError(`could not create a Python venv with "${python} -m venv"${hint}`, {
      cause: error,
      context: { venv },
    });
  }
  log(`installing ${MOTO_REQUIREMENT} (first run only; may take a minute or two)`);
  await run(join(venv, 'bin', 'python'), [
    '-m',
    'pip',
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '--progress-bar',
    'off',
    MOTO_REQUIREMENT,
  ]);
  await writeFile(join(venv, MARKER_FILE), `${MOTO_REQUIREMENT}\n`);
  log(`moto installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** Runs a command to completion, keeping the tail of its output for the error it throws on failure. */
function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = new OutputTail();
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (cause) =>
      reject(new MotoHarnessError(`could not run ${command}`, { cause, context: { args } })),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const text = output.text();
      reject(
        new MotoHarnessError(
          `${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${indent(text)}`,
          { context: { args, output: text } },
        ),
      );
    });
  });
}

/**
 * Takes an exclusive lock (an atomic mkdir in the OS temp dir, keyed by the venv path) so that two processes
 * never install into the same venv at once; a lock whose owner died or that is very old is taken over.
 */
async function acquireInstallLock(venv: string): Promise<() => Promise<void>> {
  const key = createHash('sha256').update(venv).digest('hex').slice(0, 16);
  const lockDir = join(tmpdir(), `vigil-moto-venv-${key}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(join(lockDir, 'owner'), String(process.pid));
      return () => rm(lockDir, { recursive: true, force: true });
    } catch (error) {
      if (!isErrnoException(error) || error.code !== 'EEXIST') throw error;
    }
    if (await isStaleLock(lockDir)) {
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new MotoHarnessError(`timed out waiting for the moto install lock ${lockDir}`, {
        context: { lockDir },
      });
    }
    if (!announced) {
      log('another process is installing moto; waiting for it');
      announced = true;
    }
    await sleep(500);
  }
}

async function isStaleLock(lockDir: string): Promise<boolean> {
  try {
    const { mtimeMs } = await stat(lockDir);
    if (Date.now() - mtimeMs > LOCK_STALE_MS) return true;
    const owner = Number.parseInt(await readFile(join(lockDir, 'owner'), 'utf8'), 10);
    return Number.isInteger(owner) && !isProcessAlive(owner);
  } catch {
    // The owner file is written just after the mkdir; a missing one means the owner is still starting.
    return false;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrnoException(error) && error.code === 'EPERM';
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : undefined;
      server.close(() =>
        port === undefined ? reject(new MotoHarnessError('could not pick a free port')) : resolve(port),
      );
    });
  });
}

async function launchServer(venv: string, port: number): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(
    join(venv, 'bin', 'python'),
    ['-c', SERVER_WRAPPER, '-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } },
  );
  // Werkzeug logs every request; the pipes must be drained or moto blocks once they fill.
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);

  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not spawn: ${error.message}`));
    child.on('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
  });
  let exitReason: string | undefined;
  void exited.then((reason) => {
    exitReason = reason;
    process.off('exit', killOnExit);
  });

  const started = Date.now();
  while (!(await answers(`${endpoint}/moto-api/`))) {
    const failure =
      exitReason !== undefined
        ? `moto server exited before answering (${exitReason})`
        : Date.now() - started > START_TIMEOUT_MS
          ? `moto server did not answer on ${endpoint} within ${START_TIMEOUT_MS / 1000} s`
          : undefined;
    if (failure !== undefined) {
      child.kill('SIGKILL');
      throw new MotoHarnessError(`${failure}; its output ended with:\n${indent(output.text())}`, {
        context: { endpoint, output: output.text() },
      });
    }
    await sleep(100);
  }

  const stop = async (): Promise<void> => {
    if (exitReason !== undefined) return;
    child.stdin?.end();
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forced);
  };
  const reset = async (): Promise<void> => {
    const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    if (!response.ok) throw new MotoHarnessError(`moto reset failed with HTTP ${response.status}`);
  };
  return { endpoint, port, stop, reset };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status < 500;
  } catch {
    return false;
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/** Keeps only the last few thousand characters a child process printed. */
class OutputTail {
  #text = '';

  push(chunk: Buffer): void {
    this.#text = (this.#text + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  }

  text(): string {
    return this.#text || '(no output)';
  }
}
