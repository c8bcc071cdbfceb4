import { type EcrRepositoryConfiguration, ecrRepositoryName } from '#shared/resources/ecr';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Scan frequencies the managed rule accepts. */
const SCANNING_FREQUENCIES = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

/**
 * The effective scanning setting of a repository as `ecr:BatchGetRepositoryScanningConfiguration`
 * reports it; Vigil's describer stores it in `supplementaryConfiguration.ScanningConfiguration`
 * because AWS Config records only the repository's own `ScanOnPush` flag, not registry-level
 * (enhanced) scanning rules.
 */
export type EcrScanningConfiguration = {
  readonly scanFrequency?: string;
  readonly scanOnPush?: boolean;
};

function recordedScanning(value: unknown): EcrScanningConfiguration | undefined {
  return value !== null && typeof value === 'object' ? (value as EcrScanningConfiguration) : undefined;
}

/**
 * Private ECR repositories scan images on push or continuously.
 * COMPLIANT when the repository scans on push, or when the registry's scanning configuration
 * (`supplementaryConfiguration.ScanningConfiguration`) gives it SCAN_ON_PUSH or CONTINUOUS_SCAN. A
 * repository that does not scan on push is NON_COMPLIANT only when that registry-level setting was collected:
 * AWS Config does not record it, so on the Config path (or when the read was refused) such a repository is
 * NOT_APPLICABLE with that reason, since enhanced scanning may cover it.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ecr-private-image-scanning-enabled.html
 */
export const ecrPrivateImageScanningEnabled = {
  id: 'ecr-private-image-scanning-enabled',
  title: 'Private ECR repositories scan images on push or continuously',
  resourceTypes: ['AWS::ECR::Repository'],
  severity: 'high',
  managedRule: true,
  parameters: {},
  rationale:
    'Scanning images as they arrive is how known vulnerabilities are found before they are deployed.',
  remediationAdvice:
    'Turn on scan on push (`aws ecr put-image-scanning-configuration --repository-name <repo> --image-scanning-configuration scanOnPush=true`) or enable enhanced continuous scanning for the registry.',
  evaluate(item) {
    const name = ecrRepositoryName(item);
    const scanning = recordedScanning(item.supplementaryConfiguration.ScanningConfiguration);
    const frequency = scanning?.scanFrequency;
    if (frequency !== undefined && SCANNING_FREQUENCIES.has(frequency)) {
      return compliant(`ECR repository ${name} is scanned with frequency ${frequency}.`);
    }
    if (
      item.configuration?.ImageScanningConfiguration?.ScanOnPush === true ||
      scanning?.scanOnPush === true
    ) {
      return compliant(`ECR repository ${name} scans images on push.`);
    }
    if (scanning === undefined) {
      const onPush = item.configuration?.ImageScanningConfiguration?.ScanOnPush;
      const own = onPush === undefined ? 'its scan-on-push setting was not recorded' : 'scan on push is off';
      return notApplicable(
        `ECR repository ${name}: ${own}, and the registry's scanning configuration was not collected.`,
      );
    }
    const detail = frequency === undefined ? 'scan on push is off' : `scan frequency is ${frequency}`;
    return nonCompliant(`ECR repository ${name} does not scan images automatically (${detail}).`);
  },
} as const satisfies Rule<Record<string, never>, EcrRepositoryConfiguration>;
