import { customControls } from '#shared/rules/custom-catalog';
import type { Control, Framework, FrameworkPack } from './framework';

/**
 * The AICPA 2017 Trust Services Criteria (revised points of focus, 2022) Vigil reports against: the
 * common criteria plus availability, confidentiality and processing integrity; short titles are
 * paraphrased, the AICPA text is the authority.
 */
export const SOC2_CONTROLS = [
  { id: 'CC1.1', title: 'Commitment to integrity and ethical values' },
  { id: 'CC1.2', title: 'Board independence and oversight of internal control' },
  { id: 'CC1.3', title: 'Structures, reporting lines, authorities and responsibilities' },
  { id: 'CC1.4', title: 'Commitment to competent individuals' },
  { id: 'CC1.5', title: 'Accountability for internal control responsibilities' },
  { id: 'CC2.1', title: 'Relevant, quality information supports internal control' },
  { id: 'CC2.2', title: 'Internal communication of control information' },
  { id: 'CC2.3', title: 'Communication with external parties' },
  { id: 'CC3.1', title: 'Objectives specified clearly enough to identify risks' },
  { id: 'CC3.2', title: 'Risks identified and analysed' },
  { id: 'CC3.3', title: 'Potential for fraud considered' },
  { id: 'CC3.4', title: 'Changes that could impact internal control assessed' },
  { id: 'CC4.1', title: 'Ongoing and separate evaluations of controls' },
  { id: 'CC4.2', title: 'Deficiencies evaluated and communicated' },
  { id: 'CC5.1', title: 'Control activities that mitigate risks' },
  { id: 'CC5.2', title: 'General controls over technology' },
  { id: 'CC5.3', title: 'Controls deployed through policies and procedures' },
  { id: 'CC6.1', title: 'Logical access security over protected information assets' },
  { id: 'CC6.2', title: 'User registration and authorization' },
  { id: 'CC6.3', title: 'Access granted, changed and removed by least privilege' },
  { id: 'CC6.4', title: 'Physical access restricted' },
  { id: 'CC6.5', title: 'Protections kept until assets are disposed of' },
  { id: 'CC6.6', title: 'Protection against threats from outside system boundaries' },
  { id: 'CC6.7', title: 'Transmission, movement and removal of information restricted' },
  { id: 'CC6.8', title: 'Unauthorized or malicious software prevented or detected' },
  { id: 'CC7.1', title: 'Configuration changes and vulnerabilities detected' },
  { id: 'CC7.2', title: 'System components monitored for anomalies' },
  { id: 'CC7.3', title: 'Security events evaluated' },
  { id: 'CC7.4', title: 'Security incidents responded to' },
  { id: 'CC7.5', title: 'Recovery from security incidents' },
  { id: 'CC8.1', title: 'Changes authorized, tested and approved' },
  { id: 'CC9.1', title: 'Risks from business disruption mitigated' },
  { id: 'CC9.2', title: 'Vendor and business partner risk managed' },
  { id: 'A1.1', title: 'Capacity managed to meet objectives' },
  { id: 'A1.2', title: 'Environmental protections, backup and recovery infrastructure' },
  { id: 'A1.3', title: 'Recovery plan procedures tested' },
  { id: 'C1.1', title: 'Confidential information identified and protected' },
  { id: 'C1.2', title: 'Confidential information disposed of' },
  { id: 'PI1.1', title: 'Processing information quality defined' },
  { id: 'PI1.2', title: 'System inputs complete and accurate' },
  { id: 'PI1.3', title: 'Processing complete, accurate and timely' },
  { id: 'PI1.4', title: 'Outputs complete, accurate and timely' },
  { id: 'PI1.5', title: 'Stored data complete and accurate' },
] as const satisfies readonly Control[];

/** One SOC 2 Trust Services Criterion, e.g. `CC6.1`. */
export type Soc2Criterion = (typeof SOC2_CONTROLS)[number]['id'];

/** Every SOC 2 criterion id, in the AICPA's order. */
export const SOC2_CRITERIA: readonly Soc2Criterion[] = SOC2_CONTROLS.map((control) => control.id);

/** SOC 2, 2017 Trust Services Criteria with the revised points of focus of 2022. */
export const SOC2_FRAMEWORK = {
  id: 'soc2',
  versionedId: 'soc2-2017',
  title: 'SOC 2 Trust Services Criteria',
  version: '2017 (revised points of focus 2022)',
  sources: [
    'https://www.aicpa-cima.com/resources/download/2017-trust-services-criteria-with-revised-points-of-focus-2022',
  ],
  controls: SOC2_CONTROLS,
} as const satisfies Framework<Soc2Criterion>;

/**
 * The SOC 2 pack: the criteria each rule serves. It is Vigil's own mapping, exactly the one the rules
 * carried before packs existed (captured in the fixture it names); a change here changes what findings,
 * alerts and exports name.
 */
export const SOC2_PACK = {
  framework: SOC2_FRAMEWORK,
  mappingSources: ['test/fixtures/frameworks/soc2-mapping-before-packs.json'],
  mapping: {
    's3-bucket-ssl-requests-only': ['CC6.1', 'CC6.7'],
    's3-bucket-server-side-encryption-enabled': ['CC6.1', 'C1.1'],
    's3-default-encryption-kms': ['CC6.1', 'C1.1'],
    's3-bucket-versioning-enabled': ['A1.2', 'CC7.5'],
    's3-bucket-replication-enabled': ['A1.2', 'CC9.1'],
    's3-bucket-default-lock-enabled': ['A1.2', 'PI1.5'],
    's3-bucket-logging-enabled': ['CC7.2', 'CC7.3'],
    's3-bucket-level-public-access-prohibited': ['CC6.1', 'CC6.6'],
    's3-bucket-public-read-prohibited': ['CC6.1', 'CC6.6', 'C1.1'],
    's3-bucket-public-write-prohibited': ['CC6.1', 'CC6.6'],
    's3-account-level-public-access-blocks-periodic': ['CC6.1', 'CC6.6'],
    'dynamodb-pitr-enabled': ['A1.2', 'CC9.1'],
    'dynamodb-table-encrypted-kms': ['CC6.1', 'C1.1'],
    'efs-encrypted-check': ['CC6.1', 'C1.1'],
    'sns-encrypted-kms': ['CC6.1', 'C1.1'],
    'secretsmanager-rotation-enabled-check': ['CC6.1', 'CC6.2'],
    'backup-plan-min-frequency-and-min-retention-check': ['A1.2', 'A1.3', 'CC9.1'],
    'cmk-backing-key-rotation-enabled': ['CC6.1'],
    'ec2-imdsv2-check': ['CC6.1', 'CC6.6'],
    'ec2-instance-no-public-ip': ['CC6.1', 'CC6.6'],
    'encrypted-volumes': ['CC6.1', 'C1.1'],
    'ec2-ebs-encryption-by-default': ['CC6.1', 'C1.1'],
    'ebs-snapshot-public-restorable-check': ['CC6.1', 'C1.1'],
    'restricted-ssh': ['CC6.1', 'CC6.6'],
    'restricted-common-ports': ['CC6.1', 'CC6.6'],
    'vpc-sg-open-only-to-authorized-ports': ['CC6.1', 'CC6.6'],
    'vpc-default-security-group-closed': ['CC6.1', 'CC6.6'],
    'vpc-flow-logs-enabled': ['CC7.2', 'CC7.3'],
    'vpc-flow-logs-retention-check': ['CC7.2', 'CC7.3'],
    'elb-tls-https-listeners-only': ['CC6.1', 'CC6.7'],
    'alb-http-to-https-redirection-check': ['CC6.1', 'CC6.7'],
    'elb-logging-enabled': ['CC7.2', 'CC7.3'],
    'api-gw-ssl-enabled': ['CC6.1', 'CC6.7'],
    'lambda-function-public-access-prohibited': ['CC6.1', 'CC6.3', 'CC6.6'],
    'acm-certificate-expiration-check': ['CC6.7', 'A1.2'],
    'iam-root-access-key-check': ['CC6.1', 'CC6.2', 'CC6.3'],
    'root-account-mfa-enabled': ['CC6.1', 'CC6.2', 'CC6.3'],
    'iam-password-policy': ['CC6.1', 'CC6.2'],
    'iam-user-mfa-enabled': ['CC6.1', 'CC6.2'],
    'mfa-enabled-for-iam-console-access': ['CC6.1', 'CC6.2'],
    'access-keys-rotated': ['CC6.1', 'CC6.2'],
    'iam-user-unused-credentials-check': ['CC6.2', 'CC6.3'],
    'iam-user-no-policies-check': ['CC6.1', 'CC6.3'],
    'iam-policy-no-statements-with-admin-access': ['CC6.1', 'CC6.3'],
    'multi-region-cloudtrail-enabled': ['CC4.1', 'CC7.2', 'CC7.3'],
    'cloud-trail-log-file-validation-enabled': ['CC7.2', 'CC7.3', 'PI1.5'],
    'cloud-trail-encryption-enabled': ['CC6.1', 'C1.1'],
    'cloud-trail-cloud-watch-logs-enabled': ['CC4.1', 'CC7.2', 'CC7.3'],
    'cw-loggroup-retention-period-check': ['CC7.2', 'CC7.3', 'A1.2'],
    'cloudwatch-log-group-encrypted': ['CC6.1', 'C1.1'],
    'guardduty-enabled-centralized': ['CC7.1', 'CC7.2', 'CC7.3'],
    'securityhub-enabled': ['CC4.1', 'CC7.1', 'CC7.2'],
    'rds-instance-public-access-check': ['CC6.1', 'CC6.6'],
    'rds-multi-az-support': ['A1.2', 'CC9.1'],
    'rds-storage-encrypted': ['CC6.1', 'C1.1'],
    'db-instance-backup-enabled': ['A1.2', 'CC7.5'],
    'rds-instance-deletion-protection-enabled': ['A1.2', 'CC7.5'],
    'rds-snapshots-public-prohibited': ['CC6.1', 'CC6.6', 'C1.1'],
    'rds-logging-enabled': ['CC7.2', 'CC7.3'],
    'eks-endpoint-no-public-access': ['CC6.1', 'CC6.6'],
    'eks-secrets-encrypted': ['CC6.1', 'C1.1'],
    'eks-cluster-logging-enabled': ['CC7.2', 'CC7.3'],
    'eks-cluster-supported-version': ['CC7.1', 'CC8.1'],
    'eks-endpoint-public-access-restricted': ['CC6.1', 'CC6.6'],
    'ecr-private-lifecycle-policy-configured': ['CC8.1', 'CC7.1'],
    'ecr-private-image-scanning-enabled': ['CC7.1'],
    'ecr-private-tag-immutability-enabled': ['CC8.1'],
    'ecr-lifecycle-policy-retains-365-days': ['CC8.1', 'A1.2'],
    'elb-deletion-protection-enabled': ['A1.2', 'CC7.5'],
    'alb-http-drop-invalid-header-enabled': ['CC6.1', 'CC6.6'],
    'rds-automatic-minor-version-upgrade-enabled': ['CC7.1', 'CC8.1'],
    'rds-instance-iam-authentication-enabled': ['CC6.1', 'CC6.2'],
    'rds-enhanced-monitoring-enabled': ['CC7.2', 'A1.1'],
    'rds-cluster-deletion-protection-enabled': ['A1.2', 'CC7.5'],
    'rds-cluster-iam-authentication-enabled': ['CC6.1', 'CC6.2'],
    'rds-cluster-multi-az-enabled': ['A1.2', 'CC9.1'],
    'rds-cluster-encrypted-at-rest': ['CC6.1', 'C1.1'],
    'api-gw-execution-logging-enabled': ['CC7.2', 'CC7.3'],
    'api-gw-xray-enabled': ['CC7.2'],
    'iam-no-inline-policy-check': ['CC6.1', 'CC6.3'],
    'iam-user-group-membership-check': ['CC6.1', 'CC6.3'],
    'kms-cmk-not-scheduled-for-deletion': ['CC6.1', 'A1.2'],
    'ec2-instance-detailed-monitoring-enabled': ['CC7.2', 'A1.1'],
    'lambda-inside-vpc': ['CC6.1', 'CC6.6'],
    'lambda-dlq-check': ['A1.2', 'PI1.3'],
    'dynamodb-table-deletion-protection-enabled': ['A1.2', 'CC7.5'],
    'elbv2-multiple-az': ['A1.2', 'CC9.1'],
    'elb-cross-zone-load-balancing-enabled': ['A1.2'],
    'elb-acm-certificate-required': ['CC6.1', 'CC6.7'],
    'elb-predefined-security-policy-ssl-check': ['CC6.1', 'CC6.7'],
    's3-bucket-acl-prohibited': ['CC6.1', 'CC6.3'],
    's3-bucket-mfa-delete-enabled': ['CC6.1', 'A1.2'],
    's3-event-notifications-enabled': ['CC7.2'],
    's3-lifecycle-policy-check': ['C1.2', 'A1.2'],
    'ec2-instance-profile-attached': ['CC6.1', 'CC6.3'],
    'ec2-stopped-instance': ['CC7.1'],
    'ec2-volume-inuse-check': ['CC6.5', 'C1.2'],
    'nacl-no-unrestricted-ssh-rdp': ['CC6.1', 'CC6.6'],
    'vpc-network-acl-unused-check': ['CC6.6'],
    'subnet-auto-assign-public-ip-disabled': ['CC6.1', 'CC6.6'],
    'internet-gateway-authorized-vpc-only': ['CC6.1', 'CC6.6'],
  },
} as const satisfies FrameworkPack<Soc2Criterion>;

const NO_CRITERIA: readonly Soc2Criterion[] = [];

/** The SOC 2 criteria a rule serves: the SOC 2 pack's, or a custom rule's own; none when neither maps it. */
export function soc2Criteria(ruleId: string): readonly Soc2Criterion[] {
  const mapping: Readonly<Record<string, readonly Soc2Criterion[]>> = SOC2_PACK.mapping;
  if (Object.hasOwn(mapping, ruleId)) return mapping[ruleId] ?? NO_CRITERIA;
  // A custom rule's SOC 2 controls were checked against SOC2_CRITERIA when it was loaded or bundled.
  return customControls('soc2', ruleId) as readonly Soc2Criterion[];
}
