import {
  BatchGetRepositoryScanningConfigurationCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  ListTagsForResourceCommand,
  type RepositoryScanningConfiguration,
} from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { refsFromCloudTrail } from '#shared/describe/cloudtrail-refs';
import { describeEcrRepository, listEcrRepositories } from '#shared/describe/ecr-repository/describe';
import type { CloudTrailRecord } from '#shared/pipeline/events';
import type { EcrRepositoryConfiguration } from '#shared/resources/ecr';
import { createInventory } from '#shared/rules/inventory';
import { RULES } from '#shared/rules/registry';
import { evaluateFixture, loadFixture } from '#test/support/fixtures';

const ACCOUNT = '123456789012';
const TYPE = 'AWS::ECR::Repository';
const FIXTURES = [
  'enhanced-continuous-scan-short-lifecycle',
  'immutable-scanned-retains-two-years',
  'mutable-unscanned-no-lifecycle',
];

function awsError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

type Recorded = EcrRepositoryConfiguration & {
  readonly Arn?: string;
  readonly RepositoryUri?: string;
  readonly EncryptionConfiguration?: { readonly EncryptionType?: 'AES256' | 'KMS'; readonly KmsKey?: string };
  readonly Tags?: readonly { readonly Key: string; readonly Value: string }[];
};

/** ECR's answers (API shape) for the repository a Config fixture records. */
function mockRepositoryOf(ecr: ReturnType<typeof mockClient>, name: string): void {
  const fixture = loadFixture(TYPE, name);
  const config = (fixture.item.configuration ?? {}) as Recorded;
  const repositoryName = config.RepositoryName ?? fixture.item.resourceId;
  ecr.on(DescribeRepositoriesCommand).resolves({
    repositories: [
      {
        repositoryArn: config.Arn,
        registryId: ACCOUNT,
        repositoryName,
        repositoryUri: config.RepositoryUri,
        createdAt: new Date('2024-06-21T14:27:09Z'),
        imageTagMutability: config.ImageTagMutability as 'IMMUTABLE' | 'MUTABLE',
        imageScanningConfiguration: { scanOnPush: config.ImageScanningConfiguration?.ScanOnPush },
        encryptionConfiguration: {
          encryptionType: config.EncryptionConfiguration?.EncryptionType ?? 'AES256',
        },
      },
    ],
  });
  const text = config.LifecyclePolicy?.LifecyclePolicyText;
  if (typeof text === 'string') {
    ecr
      .on(GetLifecyclePolicyCommand)
      .resolves({ registryId: ACCOUNT, repositoryName, lifecyclePolicyText: text });
  } else {
    ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException'));
  }
  const recordedScanning = fixture.item.supplementaryConfiguration.ScanningConfiguration as
    | RepositoryScanningConfiguration
    | undefined;
  const scanOnPush = config.ImageScanningConfiguration?.ScanOnPush === true;
  ecr.on(BatchGetRepositoryScanningConfigurationCommand).resolves({
    scanningConfigurations: [
      recordedScanning ?? {
        repositoryArn: config.Arn,
        repositoryName,
        scanOnPush,
        scanFrequency: scanOnPush ? 'SCAN_ON_PUSH' : 'MANUAL',
        appliedScanFilters: [],
      },
    ],
    failures: [],
  });
  ecr.on(ListTagsForResourceCommand).resolves({ tags: config.Tags?.map((tag) => ({ ...tag })) ?? [] });
}

function record(
  eventName: string,
  requestParameters: Record<string, unknown> | null,
  responseElements: Record<string, unknown> | null = null,
): CloudTrailRecord {
  return {
    eventID: 'a2f0c7a2-4c1e-4a55-9d8e-1f0e2d3c4b5a',
    eventTime: '2026-11-23T09:30:00Z',
    eventSource: 'ecr.amazonaws.com',
    eventName,
    awsRegion: 'us-east-1',
    recipientAccountId: ACCOUNT,
    requestParameters,
    responseElements,
  };
}

describe('describeEcrRepository', () => {
  const ecr = mockClient(ECRClient);
  const client = () => new ECRClient({ region: 'us-east-1' });
  const ref = (lookupId: string) => ({
    accountId: ACCOUNT,
    region: 'us-east-1',
    resourceType: TYPE,
    lookupId,
    captureTime: '2026-11-23T09:30:00.000Z',
  });

  beforeEach(() => ecr.reset());

  it.each(FIXTURES.map((name) => [name]))(
    'records the repository of %s in the shape Config records, and reaches its verdicts',
    async (name) => {
      const fixture = loadFixture(TYPE, name);
      mockRepositoryOf(ecr, name);
      const item = await describeEcrRepository(client(), ref(fixture.item.resourceId));
      expect(item).toMatchObject({
        resourceId: fixture.item.resourceId,
        resourceName: fixture.item.resourceName,
        arn: fixture.item.arn,
        status: 'OK',
        tags: fixture.item.tags,
      });
      expect(item.configuration).toEqual(fixture.item.configuration);
      const recordedScanning = fixture.item.supplementaryConfiguration.ScanningConfiguration;
      if (recordedScanning !== undefined) {
        expect(item.supplementaryConfiguration.ScanningConfiguration).toEqual(recordedScanning);
      }
      const rules = RULES.filter((rule) => rule.resourceTypes.includes(TYPE));
      expect(rules.length).toBeGreaterThanOrEqual(4);
      for (const rule of rules) {
        const described = evaluateFixture(rule, { name, item, inventory: createInventory([item]) });
        expect(described.compliance, rule.id).toBe(evaluateFixture(rule, fixture).compliance);
      }
    },
  );

  it('records mutability exclusions and a KMS key under their CloudFormation names', async () => {
    mockRepositoryOf(ecr, 'mutable-unscanned-no-lifecycle');
    ecr.on(DescribeRepositoriesCommand).resolves({
      repositories: [
        {
          repositoryName: 'legacy-batch-jobs',
          repositoryArn: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/legacy-batch-jobs`,
          imageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
          imageTagMutabilityExclusionFilters: [{ filterType: 'WILDCARD', filter: 'latest' }],
          encryptionConfiguration: { encryptionType: 'KMS', kmsKey: 'arn:aws:kms:us-east-1:1:key/k' },
        },
      ],
    });
    const configuration = (await describeEcrRepository(client(), ref('legacy-batch-jobs'))).configuration;
    expect(configuration).toMatchObject({
      ImageTagMutability: 'IMMUTABLE_WITH_EXCLUSION',
      ImageTagMutabilityExclusionFilters: [
        {
          ImageTagMutabilityExclusionFilterType: 'WILDCARD',
          ImageTagMutabilityExclusionFilterValue: 'latest',
        },
      ],
      EncryptionConfiguration: { EncryptionType: 'KMS', KmsKey: 'arn:aws:kms:us-east-1:1:key/k' },
    });
  });

  it.each([
    ['lifecycle policy', () => ecr.on(GetLifecyclePolicyCommand).rejects(awsError('AccessDeniedException'))],
    [
      'scanning configuration',
      () => ecr.on(BatchGetRepositoryScanningConfigurationCommand).rejects(awsError('AccessDeniedException')),
    ],
  ])(
    'fails when the %s may not be read, rather than judging the repository without it',
    async (_part, deny) => {
      mockRepositoryOf(ecr, 'immutable-scanned-retains-two-years');
      deny();
      await expect(describeEcrRepository(client(), ref('checkout-api'))).rejects.toThrow(
        'AccessDeniedException',
      );
    },
  );

  it('leaves the tags out when they may not be read (no rule judges them)', async () => {
    mockRepositoryOf(ecr, 'immutable-scanned-retains-two-years');
    ecr.on(ListTagsForResourceCommand).rejects(awsError('AccessDeniedException'));
    const item = await describeEcrRepository(client(), ref('checkout-api'));
    expect(item.tags).toEqual({});
    expect(item.configuration).not.toHaveProperty('Tags');
  });

  it('a repository that is gone is deleted', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(awsError('RepositoryNotFoundException'));
    expect(await describeEcrRepository(client(), ref('preview-builds'))).toMatchObject({
      status: 'ResourceDeleted',
      resourceId: 'preview-builds',
      configuration: null,
    });
  });

  it('lists every repository across pages', async () => {
    ecr
      .on(DescribeRepositoriesCommand)
      .resolvesOnce({ repositories: [{ repositoryName: 'team/a' }], nextToken: 'n' })
      .resolvesOnce({ repositories: [{ repositoryName: 'b' }] });
    const refs = await listEcrRepositories(client(), {
      accountId: ACCOUNT,
      region: 'us-east-1',
      captureTime: '',
    });
    expect(refs.map((entry) => entry.lookupId)).toEqual(['team/a', 'b']);
  });
});

describe('CloudTrail mapping of ECR calls', () => {
  const touched = (entry: CloudTrailRecord) =>
    refsFromCloudTrail(entry, ACCOUNT).map((found) => [found.resourceType, found.lookupId]);
  const repositoryArn = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/team/checkout-api`;

  it.each([
    [
      'CreateRepository',
      { repositoryName: 'team/checkout-api', imageTagMutability: 'MUTABLE' },
      { repository: { repositoryName: 'team/checkout-api', repositoryArn } },
    ],
    [
      'PutImageScanningConfiguration',
      { repositoryName: 'team/checkout-api', imageScanningConfiguration: { scanOnPush: true } },
      null,
    ],
    ['PutImageTagMutability', { repositoryName: 'team/checkout-api', imageTagMutability: 'IMMUTABLE' }, null],
    ['PutLifecyclePolicy', { repositoryName: 'team/checkout-api', lifecyclePolicyText: '{}' }, null],
    ['DeleteLifecyclePolicy', { repositoryName: 'team/checkout-api' }, null],
    ['DeleteRepository', { repositoryName: 'team/checkout-api', force: true }, null],
    ['TagResource', { resourceArn: repositoryArn, tags: [{ key: 'team', value: 'payments' }] }, null],
    ['UntagResource', { resourceArn: repositoryArn, tagKeys: ['team'] }, null],
  ])('%s re-describes the repository', (eventName, request, response) => {
    expect(touched(record(eventName, request, response))).toEqual([[TYPE, 'team/checkout-api']]);
  });

  it('ignores pushing an image', () => {
    expect(touched(record('PutImage', { repositoryName: 'team/checkout-api', imageTag: 'v1' }))).toEqual([]);
  });
});
