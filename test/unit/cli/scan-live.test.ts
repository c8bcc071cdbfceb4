import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeKeyCommand,
  GetKeyRotationStatusCommand,
  KMSClient,
  ListKeysCommand,
  ListResourceTagsCommand,
} from '@aws-sdk/client-kms';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { runScan } from '#cli/commands/scan';
import type { ServiceClients, ServiceClientTypes, ServiceName } from '#shared/describe/service-clients';
import { captureIo } from '#test/support/cli-io';

const ACCOUNT = '123456789012';
const kms = new KMSClient({ region: 'eu-west-1' });
const logs = new CloudWatchLogsClient({ region: 'eu-west-1' });
const sts = new STSClient({ region: 'eu-west-1' });
const kmsMock = mockClient(kms);
const logsMock = mockClient(logs);
const stsMock = mockClient(sts);

function clients(): ServiceClients {
  const known: Partial<Record<ServiceName, unknown>> = { kms, logs, sts };
  return {
    client: async <N extends ServiceName>(service: N) => {
      const client = known[service];
      if (client === undefined) throw new Error(`no ${service} client in this test`);
      return client as ServiceClientTypes[N];
    },
  };
}

function denied(action: string): Error {
  return Object.assign(
    new Error(
      `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`,
    ),
    { name: 'AccessDeniedException', $metadata: {} },
  );
}

afterEach(() => {
  kmsMock.reset();
  logsMock.reset();
  stsMock.reset();
});

describe('vigil scan --live', () => {
  it('judges what it could read, and turns a denied listing into ERROR rows naming the missing action (exit 1)', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    kmsMock.on(ListKeysCommand).rejects(denied('kms:ListKeys'));
    logsMock.on(DescribeLogGroupsCommand).resolves({
      logGroups: [
        {
          logGroupName: '/app/short',
          retentionInDays: 3,
          arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/app/short:*`,
        },
      ],
    });
    const io = captureIo({ now: new Date('2026-12-07T06:00:00Z') });
    const code = await runScan(
      [
        '--live',
        '--region',
        'eu-west-1',
        '--format',
        'json',
        '--rule',
        'cw-loggroup-retention-period-check,cmk-backing-key-rotation-enabled',
      ],
      io,
      { liveClients: clients },
    );
    expect(code).toBe(1);
    const report = JSON.parse(io.out()) as {
      findings: { ruleId: string; resourceId: string; compliance: string; annotation: string }[];
    };
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'cw-loggroup-retention-period-check',
        resourceId: '/app/short',
        compliance: 'NON_COMPLIANT',
      }),
    );
    const error = report.findings.find((finding) => finding.ruleId === 'cmk-backing-key-rotation-enabled');
    expect(error).toMatchObject({ compliance: 'ERROR', resourceId: '*' });
    expect(error?.annotation).toContain('kms:ListKeys');
    expect(error?.annotation).toContain('could not list AWS::KMS::Key in eu-west-1');
    expect(io.err()).toContain(`scan --live: ${ACCOUNT} eu-west-1 AWS::Logs::LogGroup: 1 resources`);
  });

  it('keeps what it read as a Config snapshot that --snapshot re-judges to the same verdicts', async () => {
    stsMock.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT });
    kmsMock.on(ListKeysCommand).resolves({ Keys: [{ KeyId: 'k-1' }] });
    kmsMock.on(DescribeKeyCommand).resolves({
      KeyMetadata: {
        KeyId: 'k-1',
        Arn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/k-1`,
        KeyManager: 'CUSTOMER',
        KeyState: 'Enabled',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        Origin: 'AWS_KMS',
      },
    });
    kmsMock.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    kmsMock.on(ListResourceTagsCommand).resolves({ Tags: [] });
    const saved = join(mkdtempSync(join(tmpdir(), 'vigil-live-')), 'account.json');
    const now = new Date('2026-12-07T06:00:00Z');
    const live = captureIo({ now });
    const argv = [
      '--format',
      'json',
      '--rule',
      'cmk-backing-key-rotation-enabled',
      '--now',
      now.toISOString(),
    ];
    expect(
      await runScan(
        ['--live', '--region', 'eu-west-1', '--types', 'AWS::KMS::Key', '--save-snapshot', saved, ...argv],
        live,
        { liveClients: clients },
      ),
    ).toBe(1);
    expect(JSON.parse(readFileSync(saved, 'utf8')).configurationItems).toHaveLength(1);
    const offline = captureIo({ now });
    expect(await runScan(['--snapshot', saved, ...argv], offline)).toBe(1);
    const findings = (io: ReturnType<typeof captureIo>) =>
      (JSON.parse(io.out()) as { findings: unknown[] }).findings;
    expect(findings(offline)).toEqual(findings(live));
    expect(findings(live)).toEqual([
      expect.objectContaining({ resourceId: 'k-1', compliance: 'NON_COMPLIANT' }),
    ]);
  });

  it('exits 2 with one line when it cannot even tell the account (no credentials)', async () => {
    stsMock.on(GetCallerIdentityCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );
    const io = captureIo();
    expect(await runScan(['--live', '--region', 'eu-west-1'], io, { liveClients: clients })).toBe(2);
    expect(io.err()).toMatch(/^vigil: .*cannot start: CredentialsProviderError: Could not load credentials/);
    expect(io.err().trim().split('\n')).toHaveLength(1);
  });
});
