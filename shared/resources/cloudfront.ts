import { objectOf, objectsOf, stringOf } from '#shared/resources/json-values';

/** AWS Config resource type of a CloudFront (web) distribution. */
export const CLOUDFRONT_DISTRIBUTION_TYPE = 'AWS::CloudFront::Distribution';

/**
 * The region AWS Config records CloudFront distributions in: CloudFront is global, its items carry
 * `awsRegion: "global"` and are recorded by the recorder of US East (N. Virginia) only.
 */
export const CLOUDFRONT_REGION = 'global';

/** A CloudFront `{quantity, items}` list, as Config records every list of a distribution. */
export type CloudFrontList<T> = { readonly quantity?: number; readonly items?: readonly T[] | null } | null;

/** A cache behavior (the default one has no `pathPattern`). */
export type CacheBehavior = {
  readonly pathPattern?: string;
  readonly targetOriginId?: string;
  /** `allow-all`, `redirect-to-https` or `https-only`. */
  readonly viewerProtocolPolicy?: string;
};

/** One origin of a distribution. */
export type CloudFrontOrigin = {
  readonly id?: string;
  readonly domainName?: string;
  readonly originAccessControlId?: string;
  readonly s3OriginConfig?: { readonly originAccessIdentity?: string } | null;
  readonly customOriginConfig?: {
    /** `http-only`, `match-viewer` or `https-only`. */
    readonly originProtocolPolicy?: string;
    readonly originSslProtocols?: CloudFrontList<string>;
  } | null;
};

/** The viewer certificate of a distribution. */
export type ViewerCertificate = {
  readonly cloudFrontDefaultCertificate?: boolean;
  readonly acmCertificateArn?: string;
  readonly iamCertificateId?: string;
  /** `sni-only`, `vip` or `static-ip`. */
  readonly sslSupportMethod?: string;
  readonly minimumProtocolVersion?: string;
  readonly certificateSource?: string;
};

/** The parts of an `AWS::CloudFront::Distribution` item Vigil's rules read (GetDistribution, camelCase). */
export type CloudFrontDistributionConfiguration = {
  readonly id?: string;
  readonly arn?: string;
  readonly domainName?: string;
  readonly distributionConfig?: {
    readonly enabled?: boolean;
    readonly defaultRootObject?: string;
    readonly webACLId?: string;
    readonly logging?: {
      readonly enabled?: boolean;
      readonly bucket?: string;
      readonly prefix?: string;
      readonly includeCookies?: boolean;
    } | null;
    readonly defaultCacheBehavior?: CacheBehavior | null;
    readonly cacheBehaviors?: CloudFrontList<CacheBehavior>;
    readonly origins?: CloudFrontList<CloudFrontOrigin>;
    readonly viewerCertificate?: ViewerCertificate | null;
  } | null;
};

/** The distribution config of an item, or undefined when it was not recorded. */
export function distributionConfigOf(
  configuration: CloudFrontDistributionConfiguration | null | undefined,
): Readonly<Record<string, unknown>> | undefined {
  return objectOf(configuration?.distributionConfig);
}

/** `Distribution E2QWRUHAPOMQZL` (with its domain name when recorded), for annotations. */
export function distributionLabel(item: {
  readonly resourceId: string;
  readonly configuration?: CloudFrontDistributionConfiguration | null;
}): string {
  const domain = item.configuration?.domainName;
  return domain ? `Distribution ${item.resourceId} (${domain})` : `Distribution ${item.resourceId}`;
}

/** The items of a CloudFront `{quantity, items}` list recorded as objects; empty when absent. */
export function listItems(list: unknown): readonly Readonly<Record<string, unknown>>[] {
  return objectsOf(objectOf(list)?.items);
}

/** The string items of a CloudFront `{quantity, items}` list; empty when absent. */
export function stringItems(list: unknown): readonly string[] {
  const items = objectOf(list)?.items;
  return Array.isArray(items) ? items.flatMap((entry) => (typeof entry === 'string' ? [entry] : [])) : [];
}

/** One cache behavior as recorded: its path pattern (`Default` for the default one), origin and viewer policy. */
export interface RecordedBehavior {
  readonly path: string;
  readonly targetOriginId: string | undefined;
  readonly viewerProtocolPolicy: string | undefined;
}

/**
 * Every cache behavior of a distribution config, the default one first (`pathPattern` "Default"), each
 * with its target origin and viewer protocol policy (undefined when not recorded).
 */
export function cacheBehaviorsOf(config: Readonly<Record<string, unknown>>): readonly RecordedBehavior[] {
  const behaviors: RecordedBehavior[] = [];
  const fallback = objectOf(config.defaultCacheBehavior);
  if (fallback !== undefined)
    behaviors.push({
      path: 'Default',
      targetOriginId: stringOf(fallback.targetOriginId),
      viewerProtocolPolicy: stringOf(fallback.viewerProtocolPolicy),
    });
  for (const behavior of listItems(config.cacheBehaviors)) {
    behaviors.push({
      path: stringOf(behavior.pathPattern) ?? '(no path pattern)',
      targetOriginId: stringOf(behavior.targetOriginId),
      viewerProtocolPolicy: stringOf(behavior.viewerProtocolPolicy),
    });
  }
  return behaviors;
}

/** A non-empty string, else undefined (CloudFront returns empty strings for unset certificate fields). */
function present(value: unknown): string | undefined {
  const text = stringOf(value)?.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** Whether a viewer certificate is a custom one (ACM or IAM), not CloudFront's default `*.cloudfront.net` one. */
export function usesCustomCertificate(certificate: Readonly<Record<string, unknown>>): boolean {
  if (certificate.cloudFrontDefaultCertificate === true) return false;
  const source = present(certificate.certificateSource);
  return (
    present(certificate.acmCertificateArn) !== undefined ||
    present(certificate.iamCertificateId) !== undefined ||
    (source !== undefined && source !== 'cloudfront')
  );
}
