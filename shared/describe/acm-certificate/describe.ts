import {
  type ACMClient,
  type CertificateDetail,
  DescribeCertificateCommand,
  KeyAlgorithm,
  ListTagsForCertificateCommand,
  paginateListCertificates,
} from '@aws-sdk/client-acm';
import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { configObject, deletedItem, describedItem, errorNameOf, optionalRead, tagMap } from '../config-shape';
import type { ResourceRef } from '../describer';
import type { RefBase } from '../resource-type';
import { ACM_CERTIFICATE_TYPE } from './type';

const NOT_FOUND: readonly string[] = ['ResourceNotFoundException'];

/** Tags are an optional part: not permitted, or the certificate went between two calls. */
const OPTIONAL: readonly string[] = [...NOT_FOUND, 'AccessDeniedException'];

/**
 * An `AWS::ACM::Certificate` item as AWS Config records it: DescribeCertificate in Config's camelCase
 * (`status`, `type`, `notBefore`/`notAfter` as ISO strings, `inUseBy`, `renewalEligibility`, …). The
 * resource id and ARN are the certificate ARN, the resource name its domain name.
 */
export async function describeAcmCertificate(
  client: ACMClient,
  ref: ResourceRef,
): Promise<ConfigurationItem> {
  let certificate: CertificateDetail | undefined;
  try {
    const response = await client.send(new DescribeCertificateCommand({ CertificateArn: ref.lookupId }));
    certificate = response.Certificate;
  } catch (error) {
    if (NOT_FOUND.includes(errorNameOf(error))) return deletedItem(ref);
    throw error;
  }
  if (certificate?.CertificateArn === undefined) return deletedItem(ref);
  const arn = certificate.CertificateArn;
  const tags = await optionalRead(
    () => client.send(new ListTagsForCertificateCommand({ CertificateArn: arn })),
    OPTIONAL,
  );
  return describedItem(ref, {
    resourceId: arn,
    ...(certificate.DomainName === undefined ? {} : { resourceName: certificate.DomainName }),
    arn,
    configuration: configObject(certificate),
    tags: tagMap(tags?.Tags),
  });
}

/**
 * Every certificate of the region, whatever its status or key algorithm (ListCertificates returns only
 * RSA 2048 certificates unless asked for the other key types).
 */
export async function listAcmCertificates(client: ACMClient, base: RefBase): Promise<ResourceRef[]> {
  const refs: ResourceRef[] = [];
  const keyTypes = Object.values(KeyAlgorithm);
  for await (const page of paginateListCertificates({ client }, { Includes: { keyTypes } })) {
    for (const summary of page.CertificateSummaryList ?? []) {
      if (summary.CertificateArn) {
        refs.push({ ...base, resourceType: ACM_CERTIFICATE_TYPE, lookupId: summary.CertificateArn });
      }
    }
  }
  return refs;
}
