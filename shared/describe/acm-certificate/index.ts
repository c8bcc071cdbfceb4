import { type DescribableType, sameExtractor, stringAt } from '../resource-type';
import { ACM_CERTIFICATE_TYPE } from './type';

export { ACM_CERTIFICATE_TYPE } from './type';

/** ACM certificates (validity, status, renewal eligibility). */
export const ACM_CERTIFICATE: DescribableType = {
  resourceType: ACM_CERTIFICATE_TYPE,
  services: ['acm'],
  permissions: [
    {
      actions: ['acm:ListCertificates'],
      resources: ['*'],
      reason: 'acm:ListCertificates supports no resource-level permissions; it lists certificate ARNs only.',
    },
    {
      actions: ['acm:DescribeCertificate', 'acm:ListTagsForCertificate'],
      resources: ['arn:{partition}:acm:{region}:{account}:certificate/*'],
      reason:
        'Vigil judges every certificate of this account and region; read-only (no private key or ' +
        'certificate body is exported).',
    },
  ],
  cloudTrail: {
    // A new or re-imported certificate is named in the response; the other calls name it in the request.
    // Renewals ACM makes on its own are not API calls: the sweep (and expiry itself) covers them.
    'acm.amazonaws.com': sameExtractor(
      [
        'RequestCertificate',
        'ImportCertificate',
        'DeleteCertificate',
        'RenewCertificate',
        'UpdateCertificateOptions',
        'AddTagsToCertificate',
        'RemoveTagsFromCertificate',
      ],
      (record) => [
        [
          ACM_CERTIFICATE_TYPE,
          stringAt(record.responseElements, 'certificateArn') ??
            stringAt(record.requestParameters, 'certificateArn'),
        ],
      ],
    ),
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeAcmCertificate(await clients.client('acm'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listAcmCertificates(await clients.client('acm'), base),
};
