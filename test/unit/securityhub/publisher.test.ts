import {
  type AwsSecurityFinding,
  BatchImportFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SecurityHubError, SecurityHubImportError } from '#shared/securityhub/errors';
import { MAX_FINDINGS_PER_IMPORT, SdkSecurityHubPublisher } from '#shared/securityhub/publisher';

const hubMock = mockClient(SecurityHubClient);

afterEach(() => {
  hubMock.reset();
});

function findings(count: number): AwsSecurityFinding[] {
  return Array.from({ length: count }, (_, index) => ({ Id: `finding-${index}` }) as AwsSecurityFinding);
}

function publisher(): SdkSecurityHubPublisher {
  return new SdkSecurityHubPublisher({ client: new SecurityHubClient({ region: 'eu-west-1' }) });
}

describe('SdkSecurityHubPublisher', () => {
  it('sends 250 findings in three calls of at most 100, in order, none lost or repeated', async () => {
    hubMock.on(BatchImportFindingsCommand).callsFake((input: { Findings: AwsSecurityFinding[] }) => ({
      FailedCount: 0,
      SuccessCount: input.Findings.length,
      FailedFindings: [],
    }));

    await publisher().publish(findings(250));

    const batches = hubMock
      .commandCalls(BatchImportFindingsCommand)
      .map((call) => (call.args[0].input.Findings ?? []).map((finding) => finding.Id));
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.every((batch) => batch.length <= MAX_FINDINGS_PER_IMPORT)).toBe(true);
    expect(batches.flat()).toEqual(findings(250).map((finding) => finding.Id));
  });

  it('makes no call for no findings', async () => {
    await publisher().publish([]);
    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(0);
  });

  it('reports refused findings by id after trying every batch', async () => {
    hubMock
      .on(BatchImportFindingsCommand)
      .resolvesOnce({
        FailedCount: 1,
        SuccessCount: 99,
        FailedFindings: [{ Id: 'finding-7', ErrorCode: 'InvalidInput', ErrorMessage: 'Title is too long' }],
      })
      .resolvesOnce({
        FailedCount: 1,
        SuccessCount: 19,
        FailedFindings: [{ Id: 'finding-111', ErrorCode: 'InternalFailure', ErrorMessage: 'try again' }],
      });

    const error = await publisher()
      .publish(findings(120))
      .catch((caught: unknown) => caught);

    expect(hubMock.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
    expect(error).toBeInstanceOf(SecurityHubImportError);
    const refused = error as SecurityHubImportError;
    expect(refused.failed.map((finding) => finding.id)).toEqual(['finding-7', 'finding-111']);
    expect(refused.message).toContain('finding-7 (InvalidInput: Title is too long)');
    expect(refused.message).toContain('imported 118');
    expect(refused.context).toMatchObject({ failedIds: ['finding-7', 'finding-111'] });
    expect(refused.retryable).toBe(true);
  });

  it.each([
    ['InvalidInput', 'bad ProductArn'],
    ['InvalidAccess', 'Security Hub is not enabled'],
  ])('marks a %s refusal (no retry fixes it) as not retryable', async (code, message) => {
    hubMock.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [{ Id: 'finding-0', ErrorCode: code, ErrorMessage: message }],
    });

    await expect(publisher().publish(findings(1))).rejects.toMatchObject({
      name: 'SecurityHubImportError',
      retryable: false,
    });
  });

  it('wraps a failed call with the ids it carried, access denied being final', async () => {
    const denied = Object.assign(new Error('Security Hub is not enabled'), {
      name: 'InvalidAccessException',
    });
    hubMock.on(BatchImportFindingsCommand).rejects(denied);

    const error = await publisher()
      .publish(findings(2))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SecurityHubError);
    expect((error as SecurityHubError).cause).toBe(denied);
    expect((error as SecurityHubError).context).toMatchObject({ findingIds: ['finding-0', 'finding-1'] });
    expect((error as SecurityHubError).retryable).toBe(false);
  });

  it('leaves a throttled call retryable once the SDK has spent its attempts', async () => {
    hubMock
      .on(BatchImportFindingsCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));

    await expect(publisher().publish(findings(1))).rejects.toMatchObject({ retryable: true });
  });
});
