import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** The parts of an `AWS::ACM::Certificate` configuration item this rule reads (DescribeCertificate, camelCase). */
export type CertificateConfiguration = {
  readonly certificateArn?: string;
  readonly domainName?: string;
  /** ISSUED, PENDING_VALIDATION, EXPIRED, …. */
  readonly status?: string;
  /** AMAZON_ISSUED, IMPORTED or PRIVATE. */
  readonly type?: string;
  /** End of validity: an ISO string, or epoch seconds/milliseconds in some exports. */
  readonly notAfter?: string | number | null;
};

const DAY_MS = 86_400_000;

function parseInstant(value: string | number | null | undefined): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  // Epoch values below 1e11 are seconds (that is before 1973 in milliseconds).
  const date = typeof value === 'number' ? new Date(value < 1e11 ? value * 1000 : value) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * ACM certificates do not expire within `daysToExpiration` days (default 14) of `now`; an expired
 * certificate fails too. Certificates without a validity end (pending validation, failed) are
 * NOT_APPLICABLE. Amazon-issued certificates are judged like imported ones, as in the managed rule: one
 * that close to expiry has failed to renew.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/acm-certificate-expiration-check.html
 */
export const acmCertificateExpirationCheck = {
  id: 'acm-certificate-expiration-check',
  title: 'ACM certificates are not about to expire',
  resourceTypes: ['AWS::ACM::Certificate'],
  severity: 'high',
  managedRule: true,
  parameters: {
    daysToExpiration: {
      type: 'number',
      default: 14,
      description: 'Days before expiry from which a certificate is reported.',
    },
  },
  rationale: 'An expired certificate breaks TLS for customers, or tempts teams to fall back to plaintext.',
  remediationAdvice:
    'Re-import a renewed certificate (`aws acm import-certificate --certificate-arn <arn> ...`), or fix DNS/e-mail validation so ACM can renew an Amazon-issued one (ACM console › certificate › Renewal status).',
  evaluate(item, { parameters, now }) {
    const configuration = item.configuration;
    const name = configuration?.domainName
      ? `${configuration.domainName} (${item.resourceId})`
      : item.resourceId;
    const notAfter = parseInstant(configuration?.notAfter);
    if (notAfter === undefined) {
      return notApplicable(
        `Certificate ${name} has no validity end (status ${configuration?.status ?? 'unknown'}).`,
      );
    }
    const day = notAfter.toISOString().slice(0, 10);
    const remaining = notAfter.getTime() - now.getTime();
    if (remaining <= 0) return nonCompliant(`Certificate ${name} expired on ${day}.`);
    const days = Math.floor(remaining / DAY_MS);
    const threshold = parameters.daysToExpiration;
    if (remaining <= threshold * DAY_MS) {
      return nonCompliant(`Certificate ${name} expires on ${day}, in ${days} days (threshold ${threshold}).`);
    }
    return compliant(`Certificate ${name} is valid until ${day} (${days} days left).`);
  },
} as const satisfies Rule<{ daysToExpiration: number }, CertificateConfiguration>;
