import {
  CreateDistributionCommand,
  type DistributionConfig,
  type ViewerProtocolPolicy,
} from '@aws-sdk/client-cloudfront';
import { CLOUDFRONT_DISTRIBUTION_TYPE } from '#shared/resources/cloudfront';
import { importCertificate } from './certificates';
import { logged } from './logged';
import type { PairSeeder, SeededCall } from './pair';
import { createWebAcl } from './web-acls';

/** The rules the legacy distribution fails and its hardened twin passes. */
const CLOUDFRONT_RULES = [
  'cloudfront-viewer-policy-https',
  'cloudfront-accesslogs-enabled',
  'cloudfront-default-root-object-configured',
  'cloudfront-associated-with-waf',
  'cloudfront-security-policy-check',
  'cloudfront-traffic-to-origin-encrypted',
  'cloudfront-no-deprecated-ssl-protocols',
  'cloudfront-sni-enabled',
] as const;

/** A distribution in front of one custom origin, with the choices the seed varies. */
function distributionConfig(options: {
  readonly reference: string;
  readonly originDomain: string;
  readonly originProtocolPolicy: 'http-only' | 'match-viewer' | 'https-only';
  readonly originSslProtocols: ('SSLv3' | 'TLSv1' | 'TLSv1.1' | 'TLSv1.2')[];
  readonly viewerProtocolPolicy: ViewerProtocolPolicy;
  readonly certificateArn: string;
  readonly sslSupportMethod: 'sni-only' | 'vip';
  readonly minimumProtocolVersion: 'TLSv1_2016' | 'TLSv1.2_2021';
  readonly logBucket?: string;
  readonly defaultRootObject?: string;
  readonly webAclArn?: string;
}): DistributionConfig {
  return {
    CallerReference: options.reference,
    Comment: options.reference,
    Enabled: true,
    Origins: {
      Quantity: 1,
      Items: [
        {
          Id: 'app',
          DomainName: options.originDomain,
          CustomOriginConfig: {
            HTTPPort: 80,
            HTTPSPort: 443,
            OriginProtocolPolicy: options.originProtocolPolicy,
            OriginSslProtocols: {
              Quantity: options.originSslProtocols.length,
              Items: options.originSslProtocols,
            },
          },
        },
      ],
    },
    DefaultCacheBehavior: {
      TargetOriginId: 'app',
      ViewerProtocolPolicy: options.viewerProtocolPolicy,
      // The managed CachingOptimized policy.
      CachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
    },
    ViewerCertificate: {
      CloudFrontDefaultCertificate: false,
      ACMCertificateArn: options.certificateArn,
      SSLSupportMethod: options.sslSupportMethod,
      MinimumProtocolVersion: options.minimumProtocolVersion,
    },
    ...(options.logBucket === undefined
      ? {}
      : {
          Logging: {
            Enabled: true,
            IncludeCookies: false,
            Bucket: `${options.logBucket}.s3.amazonaws.com`,
            Prefix: 'cdn/',
          },
        }),
    ...(options.defaultRootObject === undefined ? {} : { DefaultRootObject: options.defaultRootObject }),
    ...(options.webAclArn === undefined ? {} : { WebACLId: options.webAclArn }),
  };
}

/**
 * A legacy distribution (viewers on HTTP, origin on match-viewer offering SSLv3, no logs, no default root
 * object, no web ACL, a dedicated-IP certificate on TLSv1_2016) beside a hardened twin (HTTPS only to viewer
 * and origin, logs to S3, index.html, a CLOUDFRONT-scope WAFv2 web ACL, SNI on TLSv1.2_2021). CloudFront is
 * global: the items come back in region `global`, and the calls are logged in us-east-1.
 */
export const CLOUDFRONT_DISTRIBUTION_SEEDER: PairSeeder = {
  resourceType: CLOUDFRONT_DISTRIBUTION_TYPE,
  async seed(clients, { suffix }) {
    const cloudfront = await clients.client('cloudfront');
    const acm = await clients.client('acm');
    const wafv2 = await clients.client('wafv2');
    const events: SeededCall[] = [];
    const certificate = await importCertificate(acm, `cdn-${suffix}.example.com`, 400);
    events.push({
      eventSource: 'acm.amazonaws.com',
      eventName: 'ImportCertificate',
      requestParameters: { privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      responseElements: { certificateArn: certificate.arn },
    });
    const webAcl = await createWebAcl(wafv2, `vigil-cdn-acl-${suffix}`, 'CLOUDFRONT');
    events.push(webAcl.event);
    const create = async (config: DistributionConfig): Promise<string> => {
      const created = await cloudfront.send(new CreateDistributionCommand({ DistributionConfig: config }));
      const id = created.Distribution?.Id;
      if (id === undefined) throw new Error(`CloudFront created no distribution ${config.CallerReference}`);
      events.push({
        eventSource: 'cloudfront.amazonaws.com',
        eventName: 'CreateDistribution',
        requestParameters: logged({ distributionConfig: { callerReference: config.CallerReference } }),
        responseElements: logged({
          distribution: {
            id,
            aRN: created.Distribution?.ARN,
            status: created.Distribution?.Status,
            domainName: created.Distribution?.DomainName,
          },
          location: created.Location,
          eTag: created.ETag,
        }),
      });
      return id;
    };
    const legacy = await create(
      distributionConfig({
        reference: `vigil-cdn-legacy-${suffix}`,
        originDomain: 'legacy-origin.example.com',
        originProtocolPolicy: 'match-viewer',
        originSslProtocols: ['SSLv3', 'TLSv1'],
        viewerProtocolPolicy: 'allow-all',
        certificateArn: certificate.arn,
        sslSupportMethod: 'vip',
        minimumProtocolVersion: 'TLSv1_2016',
      }),
    );
    const hardened = await create(
      distributionConfig({
        reference: `vigil-cdn-hardened-${suffix}`,
        originDomain: 'app-origin.example.com',
        originProtocolPolicy: 'https-only',
        originSslProtocols: ['TLSv1.2'],
        viewerProtocolPolicy: 'redirect-to-https',
        certificateArn: certificate.arn,
        sslSupportMethod: 'sni-only',
        minimumProtocolVersion: 'TLSv1.2_2021',
        logBucket: `vigil-cdn-logs-${suffix}`,
        defaultRootObject: 'index.html',
        webAclArn: webAcl.arn,
      }),
    );
    return {
      misconfigured: { resourceType: CLOUDFRONT_DISTRIBUTION_TYPE, resourceId: legacy },
      compliant: { resourceType: CLOUDFRONT_DISTRIBUTION_TYPE, resourceId: hardened },
      failingRules: CLOUDFRONT_RULES,
      events,
      motoGaps: [
        'moto records every viewer certificate with certificateSource "cloudfront" (AWS writes "acm" for an ACM ' +
          'certificate) and accepts a log bucket that does not exist; no rule reads either.',
      ],
    };
  },
};
