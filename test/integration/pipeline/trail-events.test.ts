import {
  CloudTrailClient,
  CreateTrailCommand,
  DeleteTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
  StopLoggingCommand,
} from '@aws-sdk/client-cloudtrail';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Finding } from '#shared/evidence/finding';
import { awsClientConfig, uniqueName } from '#test/support/moto';
import { ACCOUNT, chainOf, cloudTrailCaller, type LocalPipeline, localPipeline } from './harness';

/**
 * Trails are described from the CloudTrail API (no Config recorder needed); a trail call re-judges the trail
 * and then the account item, whose multi-region trail rule must see the trail as the call left it.
 */
describe('CloudTrail trail calls (moto)', () => {
  const endpoint = inject('motoEndpoint');
  let pipeline: LocalPipeline;
  let cloudtrail: CloudTrailClient;

  beforeAll(async () => {
    pipeline = await localPipeline(endpoint, 'vigil-trail', {
      ENABLED_RULES: 'multi-region-cloudtrail-enabled,cloud-trail-log-file-validation-enabled',
    });
    cloudtrail = new CloudTrailClient(awsClientConfig(endpoint));
  });

  afterAll(() => {
    cloudtrail?.destroy();
    pipeline?.close();
  });

  const call = cloudTrailCaller(() => pipeline, Date.now() - 3_600_000);

  /** Verdicts of one resource–rule chain, in sequence order. */
  async function verdicts(resourceId: string, ruleId: string): Promise<Finding['compliance'][]> {
    return (await chainOf(pipeline, resourceId, ruleId)).map((finding) => finding.compliance);
  }

  it('CloudTrail StartLogging / StopLogging / DeleteTrail re-describe the trail and re-judge the account against it', async () => {
    const name = uniqueName('vigil-trail');
    const bucket = uniqueName('vigil-trail-logs');
    await pipeline.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const created = await cloudtrail.send(
      new CreateTrailCommand({
        Name: name,
        S3BucketName: bucket,
        IsMultiRegionTrail: true,
        EnableLogFileValidation: true,
      }),
    );
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: name,
        EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true }],
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: name }));
    await call({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StartLogging',
      requestParameters: { name },
    });
    // The account verdict right after the change must not come from a cached trail list.
    await cloudtrail.send(new StopLoggingCommand({ Name: created.TrailARN ?? name }));
    await call({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name: created.TrailARN ?? name },
    });
    await cloudtrail.send(new DeleteTrailCommand({ Name: name }));
    await call({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'DeleteTrail',
      requestParameters: { name },
    });

    const accountVerdicts = (await verdicts(ACCOUNT, 'multi-region-cloudtrail-enabled')).slice(-3);
    expect(accountVerdicts).toEqual(['COMPLIANT', 'NON_COMPLIANT', 'NON_COMPLIANT']);
    expect(await verdicts(name, 'cloud-trail-log-file-validation-enabled')).toEqual([
      'COMPLIANT',
      'COMPLIANT',
      'NOT_APPLICABLE',
    ]);
  });
});
