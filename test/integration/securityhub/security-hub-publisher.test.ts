import { type AwsSecurityFinding, GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { describe, expect, inject, it } from 'vitest';
import { toAsffFinding } from '#shared/securityhub/asff';
import { SecurityHubNotifier } from '#shared/securityhub/notifier';
import { SdkSecurityHubPublisher } from '#shared/securityhub/publisher';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { newFailureAlert, resolvedAlert } from '#test/unit/alerts/alert-fixtures';

const PRODUCT = 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default';

describe('Security Hub channel on moto', () => {
  const endpoint = inject('motoEndpoint');
  const client = new SecurityHubClient(awsClientConfig(endpoint));
  const publisher = new SdkSecurityHubPublisher({ client });
  const notifier = new SecurityHubNotifier({ publisher, productArn: PRODUCT });

  /** Every finding stored, read page by page (moto ignores filters). */
  async function allFindings(): Promise<AwsSecurityFinding[]> {
    const findings: AwsSecurityFinding[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new GetFindingsCommand({ MaxResults: 100, NextToken: token }));
      findings.push(...(page.Findings ?? []));
      token = page.NextToken || undefined;
    } while (token !== undefined);
    return findings;
  }

  it('keeps one finding per resource and rule: the failure, then its resolution, read back by GetFindings', async () => {
    const bucket = uniqueName('vigil-sechub-bucket');
    const resource = {
      ...newFailureAlert().resource,
      resourceId: bucket,
      resourceName: bucket,
      arn: `arn:aws:s3:::${bucket}`,
    };

    await notifier.notify(newFailureAlert({ resource }));
    const failing = (await allFindings()).filter((finding) => finding.Resources?.[0]?.Id === resource.arn);
    expect(failing.map((finding) => finding.Compliance?.Status)).toEqual(['FAILED']);

    await notifier.notify(resolvedAlert({ resource, evaluatedAt: '2026-11-24T08:00:00.000Z' }));
    const stored = (await allFindings()).filter((finding) => finding.Resources?.[0]?.Id === resource.arn);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      Id: failing[0]?.Id,
      ProductArn: PRODUCT,
      GeneratorId: 'vigil/s3-bucket-ssl-requests-only',
      AwsAccountId: '123456789012',
      Compliance: { Status: 'PASSED' },
      Severity: { Label: 'MEDIUM' },
      UpdatedAt: '2026-11-24T08:00:00.000Z',
    });
  });

  it('imports 150 findings in two calls, every one of them stored', async () => {
    const prefix = uniqueName('vigil-sechub-many');
    const alerts = Array.from({ length: 150 }, (_, index) =>
      newFailureAlert({
        resource: {
          ...newFailureAlert().resource,
          resourceId: `${prefix}-${index}`,
          arn: `arn:aws:s3:::${prefix}-${index}`,
        },
      }),
    );

    await publisher.publish(alerts.map((alert) => toAsffFinding(alert, PRODUCT)));

    const ids = new Set(
      (await allFindings())
        .map((finding) => finding.Resources?.[0]?.Id ?? '')
        .filter((id) => id.startsWith(`arn:aws:s3:::${prefix}-`)),
    );
    expect(ids.size).toBe(150);
  });

  it('reports the id of a finding moto refuses (no resources)', async () => {
    const id = uniqueName('vigil-sechub-broken');
    await expect(
      publisher.publish([{ ...({} as AwsSecurityFinding), Id: id, Resources: [] }]),
    ).rejects.toMatchObject({ name: 'SecurityHubImportError', failed: [expect.objectContaining({ id })] });
  });
});
