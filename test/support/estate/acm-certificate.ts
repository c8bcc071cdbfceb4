import { ACM_CERTIFICATE_TYPE } from '#shared/describe/acm-certificate/type';
import { importCertificate } from './certificates';
import type { PairSeeder } from './pair';

/** A DNS label from a seeding suffix. */
function label(suffix: string): string {
  return suffix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 50);
}

/**
 * An imported certificate that expires in 5 days (fails `acm-certificate-expiration-check`, threshold 14)
 * beside one valid for 400 days. Both are self-signed certificates built in the test and imported through
 * ACM ImportCertificate, which moto parses for real (it refuses expired ones, as ACM does).
 */
export const ACM_CERTIFICATE_SEEDER: PairSeeder = {
  resourceType: ACM_CERTIFICATE_TYPE,
  async seed(clients, { suffix }) {
    const acm = await clients.client('acm');
    const expiring = await importCertificate(acm, `expiring-${label(suffix)}.example.com`, 5);
    const valid = await importCertificate(acm, `valid-${label(suffix)}.example.com`, 400);
    return {
      misconfigured: { resourceType: ACM_CERTIFICATE_TYPE, resourceId: expiring.arn },
      compliant: { resourceType: ACM_CERTIFICATE_TYPE, resourceId: valid.arn },
      failingRules: ['acm-certificate-expiration-check'],
      events: [expiring.arn, valid.arn].map((certificateArn) => ({
        eventSource: 'acm.amazonaws.com',
        eventName: 'ImportCertificate',
        // CloudTrail never logs the private key; the certificate body is of no use to Vigil.
        requestParameters: { privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
        responseElements: { certificateArn },
      })),
      motoGaps: [
        'ACM DescribeCertificate on moto answers KeyAlgorithm "RSA_2048" where ACM answers "RSA-2048" (no rule reads it).',
      ],
    };
  },
};
