import { configurationItem, type RawConfigurationItem } from './envelope';

/** The docs preview distribution: the third CloudFront distribution of the sample account. */
export function docsPreview(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::CloudFront::Distribution',
    resourceId: 'E3DEFCERT5M8RT',
    arn: 'arn:aws:cloudfront::123456789012:distribution/E3DEFCERT5M8RT',
    region: 'global',
    captureTime: '2026-11-22T14:05:31.402Z',
    createdAt: '2025-03-14T09:12:40.000Z',
    configuration: {
      id: 'E3DEFCERT5M8RT',
      arn: 'arn:aws:cloudfront::123456789012:distribution/E3DEFCERT5M8RT',
      status: 'Deployed',
      lastModifiedTime: '2026-11-22T14:01:12.918Z',
      inProgressInvalidationBatches: 0,
      domainName: 'd5c4b3a2918273.cloudfront.net',
      activeTrustedSigners: {
        enabled: false,
        quantity: 0,
      },
      activeTrustedKeyGroups: {
        enabled: false,
        quantity: 0,
      },
      distributionConfig: {
        callerReference: 'docs-2026',
        aliases: {
          quantity: 0,
        },
        defaultRootObject: 'index.html',
        origins: {
          quantity: 1,
          items: [
            {
              id: 'docs-bucket',
              domainName: 'acme-docs-preview.s3.us-east-1.amazonaws.com',
              originPath: '',
              customHeaders: {
                quantity: 0,
              },
              s3OriginConfig: {
                originAccessIdentity: '',
              },
              connectionAttempts: 3,
              connectionTimeout: 10,
              originShield: {
                enabled: false,
              },
              originAccessControlId: 'E3QKX7ZP0VJ9RM',
            },
          ],
        },
        originGroups: {
          quantity: 0,
        },
        defaultCacheBehavior: {
          targetOriginId: 'docs-bucket',
          trustedSigners: {
            enabled: false,
            quantity: 0,
          },
          trustedKeyGroups: {
            enabled: false,
            quantity: 0,
          },
          viewerProtocolPolicy: 'https-only',
          allowedMethods: {
            quantity: 2,
            items: ['HEAD', 'GET'],
            cachedMethods: {
              quantity: 2,
              items: ['HEAD', 'GET'],
            },
          },
          smoothStreaming: false,
          compress: true,
          lambdaFunctionAssociations: {
            quantity: 0,
          },
          functionAssociations: {
            quantity: 0,
          },
          fieldLevelEncryptionId: '',
          cachePolicyId: '658327ea-f89d-4fab-a63d-7e88639e58f6',
        },
        cacheBehaviors: {
          quantity: 0,
        },
        customErrorResponses: {
          quantity: 0,
        },
        comment: 'docs preview',
        logging: {
          enabled: true,
          includeCookies: false,
          bucket: 'team-scratch-logs.s3.amazonaws.com',
          prefix: 'docs/',
        },
        priceClass: 'PriceClass_100',
        enabled: true,
        viewerCertificate: {
          cloudFrontDefaultCertificate: true,
          sslSupportMethod: 'vip',
          minimumProtocolVersion: 'TLSv1',
          certificateSource: 'cloudfront',
        },
        restrictions: {
          geoRestriction: {
            restrictionType: 'none',
            quantity: 0,
          },
        },
        webACLId:
          'arn:aws:wafv2:us-east-1:123456789012:global/webacl/preview-acl/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
        httpVersion: 'http2and3',
        isIPV6Enabled: true,
        continuousDeploymentPolicyId: '',
        staging: false,
      },
    },
  });
}
