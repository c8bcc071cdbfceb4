import {
  type CloudFrontClient,
  type Distribution,
  GetDistributionCommand,
  ListTagsForResourceCommand,
  paginateListDistributions,
} from '@aws-sdk/client-cloudfront';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { CLOUDFRONT_DISTRIBUTION_TYPE, CLOUDFRONT_REGION } from '#shared/resources/cloudfront';
import { configObject, deletedItem, describedItem, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';

const NOT_FOUND: readonly string[] = ['NoSuchDistribution'];

/** The tags may be unreadable (no permission) or the distribution gone between two calls: tags stay empty. */
const OPTIONAL: readonly string[] = [...NOT_FOUND, 'AccessDenied', 'AccessDeniedException'];

/**
 * Config spells these acronym-led keys of a distribution in lower camel case (`acmCertificateArn`,
 * `iamCertificateId`, `sslSupportMethod`, `arn`, `httpPort`, `httpsPort`), where lower-casing only the
 * first letter of the SDK's names would give `aCMCertificateArn` or `hTTPPort`.
 */
const CONFIG_KEYS: Readonly<Record<string, string>> = {
  aRN: 'arn',
  aCMCertificateArn: 'acmCertificateArn',
  iAMCertificateId: 'iamCertificateId',
  sSLSupportMethod: 'sslSupportMethod',
  hTTPPort: 'httpPort',
  hTTPSPort: 'httpsPort',
};

function renamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, member]) => [CONFIG_KEYS[key] ?? key, renamed(member)]),
  );
}

/** A distribution in Config's naming: GetDistribution's `Distribution`, keys in lower camel case. */
export function distributionConfiguration(distribution: Distribution): Record<string, unknown> {
  return renamed(configObject(distribution)) as Record<string, unknown>;
}

function deletedDistribution(ref: ResourceRef): ConfigurationItem {
  return deletedItem({ ...ref, region: CLOUDFRONT_REGION, resourceType: CLOUDFRONT_DISTRIBUTION_TYPE });
}

/**
 * An `AWS::CloudFront::Distribution` item as AWS Config records it (resource id the distribution id, ARN
 * `arn:aws:cloudfront::<account>:distribution/<id>`, region `global`): GetDistribution's distribution in
 * Config's camelCase (`distributionConfig.defaultCacheBehavior.viewerProtocolPolicy`, `…viewerCertificate
 * .minimumProtocolVersion`, `…webACLId`, …) and its tags (ListTagsForResource; empty when not readable).
 * Two calls, whatever the distribution's size.
 */
export async function describeDistribution(
  client: CloudFrontClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  const response = await optionalRead(
    () => client.send(new GetDistributionCommand({ Id: ref.lookupId })),
    NOT_FOUND,
  );
  const distribution = response?.Distribution;
  if (distribution?.Id === undefined) return deletedDistribution(ref);
  const arn = distribution.ARN;
  const tags =
    arn === undefined
      ? undefined
      : await optionalRead(() => client.send(new ListTagsForResourceCommand({ Resource: arn })), OPTIONAL);
  return describedItem(
    { ...ref, region: CLOUDFRONT_REGION, resourceType: CLOUDFRONT_DISTRIBUTION_TYPE },
    {
      resourceId: distribution.Id,
      ...(arn === undefined ? {} : { arn }),
      configuration: distributionConfiguration(distribution),
      tags: tagMap(tags?.Tags?.Items),
    },
  );
}

/** Every distribution of the account (ListDistributions, paginated): global, so once per account. */
export async function listDistributions(client: CloudFrontClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  for await (const page of paginateListDistributions({ client }, {})) {
    for (const summary of page.DistributionList?.Items ?? []) {
      if (summary.Id) {
        refs.push({
          ...base,
          region: CLOUDFRONT_REGION,
          resourceType: CLOUDFRONT_DISTRIBUTION_TYPE,
          lookupId: summary.Id,
        });
      }
    }
  }
  return refs;
}
