import type { Rule } from '#shared/rules/rule';
import { acmCertificateExpirationCheck } from './acm-certificate-expiration-check';

/** acm rules. */
export const acmRules: readonly Rule[] = [acmCertificateExpirationCheck];
