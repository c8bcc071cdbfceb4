#!/usr/bin/env node
// `npm start` / `npm run demo`: Vigil's event-driven pipeline on local AWS (moto), no AWS account needed.
// Starts moto (installing it into .moto-venv on first use), runs the demo, prints the report, stops moto.
// `--endpoint URL` reuses a moto server that is already running instead.
import { parseArgs } from 'node:util';
import { type MotoServer, startMotoServer } from '#shared/local/moto';
import { formatDemoReport } from './demo/report';
import { runDemo } from './demo/run';

const { values } = parseArgs({
  options: { endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
});
if (values.help) {
  process.stdout.write('Usage: npm start [-- --endpoint http://127.0.0.1:PORT]\n');
  process.exit(0);
}

const progress = (line: string): void => {
  process.stderr.write(`> ${line}\n`);
};

let server: MotoServer | undefined;
try {
  let endpoint = values.endpoint;
  if (endpoint === undefined) {
    progress('starting local AWS (moto server; the first run installs it into .moto-venv)');
    server = await startMotoServer();
    endpoint = server.endpoint;
  }
  const report = await runDemo({ endpoint, log: progress });
  process.stdout.write(formatDemoReport(report));
  process.exitCode = report.failedMessages === 0 ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `vigil demo failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`,
  );
  process.exitCode = 3;
} finally {
  if (server !== undefined) {
    progress('stopping moto');
    await server.stop();
  }
}
