import { docsPreview } from './edge-preview';
import { configurationItem, type RawConfigurationItem } from './envelope';

function storefront(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::CloudFront::Distribution',
    resourceId: 'E2QWRUHAPOMQZL',
    arn: 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL',
    region: 'global',
    captureTime: '2026-11-22T14:05:31.402Z',
    createdAt: '2025-03-14T09:12:40.000Z',
    tags: {
      app: 'storefront',
    },
    configuration: {
      id: 'E2QWRUHAPOMQZL',
      arn: 'arn:aws:cloudfront::123456789012:distribution/E2QWRUHAPOMQZL',
      status: 'Deployed',
      lastModifiedTime: '2026-11-22T14:01:12.918Z',
      inProgressInvalidationBatches: 0,
      domainName: 'd1a2b3c4d5e6f7.cloudfront.net',
      activeTrustedSigners: {
        enabled: false,
        quantity: 0,
      },
      activeTrustedKeyGroups: {
        enabled: false,
        quantity: 0,
      },
      distributionConfig: {
        callerReference: 'site-2025-03-14',
        aliases: {
          quantity: 1,
          items: ['www.acme-example.com'],
        },
        defaultRootObject: 'index.html',
        origins: {
          quantity: 2,
          items: [
            {
              id: 'site-bucket',
              domainName: 'www.acme-example.com.s3.us-east-1.amazonaws.com',
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
            {
              id: 'api-alb',
              domainName: 'api.acme-example.com',
              originPath: '',
              customHeaders: {
                quantity: 0,
              },
              customOriginConfig: {
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: 'https-only',
                originSslProtocols: {
                  quantity: 1,
                  items: ['TLSv1.2'],
                },
                originReadTimeout: 30,
                originKeepaliveTimeout: 5,
              },
              connectionAttempts: 3,
              connectionTimeout: 10,
              originShield: {
                enabled: false,
              },
              originAccessControlId: '',
            },
          ],
        },
        originGroups: {
          quantity: 0,
        },
        defaultCacheBehavior: {
          targetOriginId: 'site-bucket',
          trustedSigners: {
            enabled: false,
            quantity: 0,
          },
          trustedKeyGroups: {
            enabled: false,
            quantity: 0,
          },
          viewerProtocolPolicy: 'redirect-to-https',
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
          quantity: 1,
          items: [
            {
              pathPattern: '/api/*',
              targetOriginId: 'api-alb',
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
          ],
        },
        customErrorResponses: {
          quantity: 0,
        },
        comment: 'www storefront',
        logging: {
          enabled: true,
          includeCookies: false,
          bucket: 'acme-access-logs-123456789012.s3.amazonaws.com',
          prefix: 'www/',
        },
        priceClass: 'PriceClass_100',
        enabled: true,
        viewerCertificate: {
          cloudFrontDefaultCertificate: false,
          acmCertificateArn:
            'arn:aws:acm:us-east-1:123456789012:certificate/0d4c2a1e-7b9f-4e36-8a51-3c2d1e0f9a8b',
          sslSupportMethod: 'sni-only',
          minimumProtocolVersion: 'TLSv1.2_2021',
          certificate: 'arn:aws:acm:us-east-1:123456789012:certificate/0d4c2a1e-7b9f-4e36-8a51-3c2d1e0f9a8b',
          certificateSource: 'acm',
        },
        restrictions: {
          geoRestriction: {
            restrictionType: 'none',
            quantity: 0,
          },
        },
        webACLId:
          'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge-protect/3f9c2a1e-7b4d-4e8a-9c61-5d2e0f7a8b19',
        httpVersion: 'http2and3',
        isIPV6Enabled: true,
        continuousDeploymentPolicyId: '',
        staging: false,
      },
    },
  });
}

function legacyDownloads(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::CloudFront::Distribution',
    resourceId: 'E1LEGACY7H2K9Q',
    arn: 'arn:aws:cloudfront::123456789012:distribution/E1LEGACY7H2K9Q',
    region: 'global',
    captureTime: '2026-11-22T14:05:31.402Z',
    createdAt: '2025-03-14T09:12:40.000Z',
    tags: {
      app: 'downloads',
      owner: 'web-legacy',
    },
    configuration: {
      id: 'E1LEGACY7H2K9Q',
      arn: 'arn:aws:cloudfront::123456789012:distribution/E1LEGACY7H2K9Q',
      status: 'Deployed',
      lastModifiedTime: '2026-11-22T14:01:12.918Z',
      inProgressInvalidationBatches: 0,
      domainName: 'd9z8y7x6w5v4u3.cloudfront.net',
      activeTrustedSigners: {
        enabled: false,
        quantity: 0,
      },
      activeTrustedKeyGroups: {
        enabled: false,
        quantity: 0,
      },
      distributionConfig: {
        callerReference: 'legacy-2019',
        aliases: {
          quantity: 0,
        },
        defaultRootObject: '',
        origins: {
          quantity: 2,
          items: [
            {
              id: 'legacy-web',
              domainName: 'downloads.acme-example.com',
              originPath: '',
              customHeaders: {
                quantity: 0,
              },
              customOriginConfig: {
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: 'match-viewer',
                originSslProtocols: {
                  quantity: 2,
                  items: ['SSLv3', 'TLSv1'],
                },
                originReadTimeout: 30,
                originKeepaliveTimeout: 5,
              },
              connectionAttempts: 3,
              connectionTimeout: 10,
              originShield: {
                enabled: false,
              },
              originAccessControlId: '',
            },
            {
              id: 'status-page',
              domainName: 'status.acme-example.com',
              originPath: '',
              customHeaders: {
                quantity: 0,
              },
              customOriginConfig: {
                httpPort: 80,
                httpsPort: 443,
                originProtocolPolicy: 'http-only',
                originSslProtocols: {
                  quantity: 1,
                  items: ['TLSv1.2'],
                },
                originReadTimeout: 30,
                originKeepaliveTimeout: 5,
              },
              connectionAttempts: 3,
              connectionTimeout: 10,
              originShield: {
                enabled: false,
              },
              originAccessControlId: '',
            },
          ],
        },
        originGroups: {
          quantity: 0,
        },
        defaultCacheBehavior: {
          targetOriginId: 'legacy-web',
          trustedSigners: {
            enabled: false,
            quantity: 0,
          },
          trustedKeyGroups: {
            enabled: false,
            quantity: 0,
          },
          viewerProtocolPolicy: 'allow-all',
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
          quantity: 1,
          items: [
            {
              pathPattern: '/status/*',
              targetOriginId: 'status-page',
              trustedSigners: {
                enabled: false,
                quantity: 0,
              },
              trustedKeyGroups: {
                enabled: false,
                quantity: 0,
              },
              viewerProtocolPolicy: 'redirect-to-https',
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
          ],
        },
        customErrorResponses: {
          quantity: 0,
        },
        comment: 'legacy downloads',
        logging: {
          enabled: false,
          includeCookies: false,
          bucket: '',
          prefix: '',
        },
        priceClass: 'PriceClass_100',
        enabled: true,
        viewerCertificate: {
          cloudFrontDefaultCertificate: false,
          iamCertificateId: 'ASCAJ4L7QX2EXAMPLE1',
          sslSupportMethod: 'vip',
          minimumProtocolVersion: 'TLSv1_2016',
          certificate: 'ASCAJ4L7QX2EXAMPLE1',
          certificateSource: 'iam',
        },
        restrictions: {
          geoRestriction: {
            restrictionType: 'none',
            quantity: 0,
          },
        },
        webACLId: '',
        httpVersion: 'http2and3',
        isIPV6Enabled: true,
        continuousDeploymentPolicyId: '',
        staging: false,
      },
    },
  });
}

/** CloudFront distributions: the storefront, a legacy downloads site and a docs preview. */
export function edgeResources(): RawConfigurationItem[] {
  return [storefront(), legacyDownloads(), docsPreview()];
}
