import {
  BatchGetRepositoryScanningConfigurationCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  GetLifecyclePolicyCommand,
  ListTagsForResourceCommand,
  paginateDescribeRepositories,
  type Repository,
} from '@aws-sdk/client-ecr';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { ECR_REPOSITORY_TYPE } from './index';

/** The caller may not read the tags (no rule judges them): they stay absent. */
const NOT_PERMITTED: readonly string[] = ['AccessDeniedException'];

/** An object without its `undefined` members. */
function defined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined));
}

/**
 * An `AWS::ECR::Repository` item as AWS Config records it: `configuration` in the CloudFormation shape
 * (`RepositoryName`, `ImageTagMutability`, `ImageScanningConfiguration.ScanOnPush`, `EncryptionConfiguration`,
 * `LifecyclePolicy.{RegistryId, LifecyclePolicyText}` when the repository has one, `Tags`), plus
 * `supplementaryConfiguration.ScanningConfiguration`, the registry's effective scanning setting for the
 * repository (BatchGetRepositoryScanningConfiguration), which Config does not record. The resource id is the
 * repository name. Reads a rule judges (lifecycle policy, scanning) fail the describe when they are refused,
 * instead of leaving a part absent that a rule would read as "no policy" or "not scanned".
 */
export async function describeEcrRepository(client: ECRClient, ref: ResourceRef): Promise<ConfigurationItem> {
  const repositoryName = ref.lookupId;
  let repository: Repository | undefined;
  try {
    const response = await client.send(
      new DescribeRepositoriesCommand({ repositoryNames: [repositoryName] }),
    );
    repository = response.repositories?.[0];
  } catch (error) {
    if (errorNameOf(error) === 'RepositoryNotFoundException') return deletedItem(ref);
    throw error;
  }
  if (repository === undefined) return deletedItem(ref);
  const arn =
    repository.repositoryArn ?? `arn:aws:ecr:${ref.region}:${ref.accountId}:repository/${repositoryName}`;
  const [lifecycle, scanning, tags] = await Promise.all([
    optionalRead(
      () => client.send(new GetLifecyclePolicyCommand({ repositoryName })),
      ['LifecyclePolicyNotFoundException'],
    ),
    client.send(new BatchGetRepositoryScanningConfigurationCommand({ repositoryNames: [repositoryName] })),
    optionalRead(() => client.send(new ListTagsForResourceCommand({ resourceArn: arn })), NOT_PERMITTED),
  ]);
  const exclusions = repository.imageTagMutabilityExclusionFilters ?? [];
  const configuration = defined({
    RepositoryName: repository.repositoryName ?? repositoryName,
    Arn: arn,
    RepositoryUri: repository.repositoryUri,
    EncryptionConfiguration:
      repository.encryptionConfiguration === undefined
        ? undefined
        : defined({
            EncryptionType: repository.encryptionConfiguration.encryptionType,
            KmsKey: repository.encryptionConfiguration.kmsKey,
          }),
    Tags:
      tags === undefined ? undefined : (tags.tags ?? []).map((tag) => ({ Key: tag.Key, Value: tag.Value })),
    ImageTagMutability: repository.imageTagMutability,
    ImageTagMutabilityExclusionFilters:
      exclusions.length === 0
        ? undefined
        : exclusions.map((filter) => ({
            ImageTagMutabilityExclusionFilterType: filter.filterType,
            ImageTagMutabilityExclusionFilterValue: filter.filter,
          })),
    ImageScanningConfiguration:
      repository.imageScanningConfiguration === undefined
        ? undefined
        : { ScanOnPush: repository.imageScanningConfiguration.scanOnPush ?? false },
    LifecyclePolicy:
      lifecycle?.lifecyclePolicyText === undefined
        ? undefined
        : defined({ RegistryId: lifecycle.registryId, LifecyclePolicyText: lifecycle.lifecyclePolicyText }),
  });
  const scanningConfiguration = scanning.scanningConfigurations?.find(
    (entry) => entry.repositoryName === repositoryName || entry.repositoryArn === arn,
  );
  return describedItem(ref, {
    resourceId: repositoryName,
    resourceName: repositoryName,
    arn,
    configuration,
    supplementaryConfiguration:
      scanningConfiguration === undefined
        ? {}
        : { ScanningConfiguration: configObject(scanningConfiguration) },
    tags: tagMap(tags?.tags),
  });
}

/** Every private repository of the region's registry. */
export async function listEcrRepositories(client: ECRClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateDescribeRepositories({ client }, {})) {
    for (const repository of page.repositories ?? []) {
      if (repository.repositoryName) {
        refs.push({ ...base, resourceType: ECR_REPOSITORY_TYPE, lookupId: repository.repositoryName });
      }
    }
  }
  return refs;
}
