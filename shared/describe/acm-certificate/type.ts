/** AWS Config resource type of an ACM certificate. */
export const ACM_CERTIFICATE_TYPE = 'AWS::ACM::Certificate';
