import type { AwsTemplateCheck } from './framework';
import type { PciRequirement } from './pci';

/**
 * AWS's PCI DSS 3.2.1 conformance pack read against the v4.0 pack: each 3.2.1 requirement id the
 * template uses → the v4.0 requirements of the pack that carry it on. This is Vigil's reading of the
 * PCI SSC's "Summary of Changes from PCI DSS Version 3.2.1 to 4.0" and the v4.0 text, not a table the
 * PCI SSC publishes; an empty list means no requirement of the pack carries the 3.2.1 one on.
 */
export const PCI_321_TO_40: Readonly<Record<string, readonly PciRequirement[]>> = {
  '1.2': ['1.3.1', '1.3.2'],
  '1.2.1': ['1.3.1', '1.3.2'],
  '1.3': ['1.4.1', '1.4.2', '1.4.3', '1.4.4', '1.4.5'],
  '2.1': ['2.2.2'],
  '2.2': ['2.2.1'],
  '2.2.2': ['2.2.4'],
  '2.4': ['12.5.1'],
  '3.4': ['3.5.1'],
  '3.6.4': ['3.7.4'],
  '4.1': ['4.2.1'],
  '6.1': ['6.3.1'],
  '6.2': ['6.3.3'],
  '7.1': ['7.2.1', '7.2.2'],
  '7.1.2': ['7.2.2'],
  '7.2': ['7.3.1', '7.3.2', '7.3.3'],
  '8.1.4': ['8.2.6'],
  '8.2.1': ['8.3.2'],
  '8.2.3': ['8.3.6'],
  '8.2.4': ['8.3.9', '8.6.3'],
  '8.2.5': ['8.3.7'],
  '8.3': ['8.4.1', '8.4.2', '8.4.3'],
  '10.1': ['10.2.1'],
  '10.2': ['10.2.1', '10.2.1.1', '10.2.1.2', '10.2.1.3', '10.2.1.4', '10.2.1.5', '10.2.1.6', '10.2.1.7'],
  '10.2.1': ['10.2.1.1'],
  '10.2.2': ['10.2.1.2'],
  '10.2.3': ['10.2.1.3'],
  '10.2.4': ['10.2.1.4'],
  '10.2.5': ['10.2.1.5'],
  '10.2.6': ['10.2.1.6'],
  '10.2.7': ['10.2.1.7'],
  '10.3.1': ['10.2.2'],
  '10.3.2': ['10.2.2'],
  '10.3.3': ['10.2.2'],
  '10.3.4': ['10.2.2'],
  '10.3.5': ['10.2.2'],
  '10.3.6': ['10.2.2'],
  '10.5.1': ['10.3.1'],
  '10.5.2': ['10.3.2'],
  '10.5.3': ['10.3.3'],
  '10.5.5': ['10.3.4'],
  '10.6': ['10.4.1', '10.4.1.1', '10.4.2'],
  '11.4': ['11.5.1'],
  // 3.2.1's 12.5.2 assigns the responsibility to monitor and analyze alerts: people, no configuration.
  '12.5.2': [],
};

/**
 * The PCI pack against AWS's PCI DSS 3.2.1 conformance pack: another version, so control ids are
 * compared through PCI_321_TO_40, and a rule both map must share at least one translated requirement.
 */
export const PCI_321_CHECK = {
  template: 'Operational-Best-Practices-for-PCI-DSS.yaml',
  version: '3.2.1',
  compared: 'translated',
  note: "Another version: AWS's 3.2.1 ids are carried over to v4.0 by PCI_321_TO_40 (Vigil's reading of the PCI SSC summary of changes), and a rule both map must share at least one of them; the finer v4.0 split (e.g. which of 10.2.1.1 to 10.2.1.7) cannot be compared.",
  translation: PCI_321_TO_40,
  differencesFromAws: {
    'internet-gateway-authorized-vpc-only':
      "AWS's 3.2.1 pack deploys it without naming a requirement; its 4.0 template files it under 1.2.8, 1.3.1, 1.3.2, 1.4.x and 1.5.1, which this pack follows.",
    'acm-certificate-expiration-check':
      "v4.0 added to 4.2.1 that certificates protecting PAN in transit are valid and not expired, which is what this rule checks; AWS's 3.2.1 pack had only key cryptoperiods (3.6.4) to file it under.",
    'cloud-trail-cloud-watch-logs-enabled':
      'sending the trail to CloudWatch Logs records nothing new (10.2, where AWS files it); it copies the logs promptly to a central store (10.3.3) and enables automated review (10.4.1.1).',
    'iam-root-access-key-check':
      "a root access key is a shared credential outside least privilege (8.2.2, 7.2.1); v4.0's 7.3, which 3.2.1's 7.2 became, is about the access control system itself.",
    'iam-policy-no-statements-with-admin-access':
      "a policy granting *:* breaks least privilege (7.2.1, 7.2.2); v4.0's 7.3, which 3.2.1's 7.2 became, is about the access control system itself.",
  },
} as const satisfies AwsTemplateCheck<PciRequirement>;
