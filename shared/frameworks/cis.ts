import type { Control, Framework, FrameworkPack } from './framework';

/**
 * The recommendations of the CIS Amazon Web Services Foundations Benchmark v5.0.0 (the newest version
 * AWS Security Hub runs as a standard), automated and manual alike; short titles are paraphrased, the
 * CIS text is the authority.
 */
export const CIS_CONTROLS = [
  { id: '1.1', title: 'Maintain current contact details' },
  { id: '1.2', title: 'Security contact information is registered' },
  { id: '1.3', title: "No 'root' user access key exists" },
  { id: '1.4', title: "MFA is enabled for the 'root' user" },
  { id: '1.5', title: "Hardware MFA is enabled for the 'root' user" },
  { id: '1.6', title: "Eliminate use of the 'root' user for administrative and daily tasks" },
  { id: '1.7', title: 'IAM password policy requires a minimum length of 14 or greater' },
  { id: '1.8', title: 'IAM password policy prevents password reuse' },
  { id: '1.9', title: 'MFA is enabled for all IAM users that have a console password' },
  { id: '1.10', title: 'No access keys created during initial setup of users with a console password' },
  { id: '1.11', title: 'Credentials unused for 45 days or more are disabled' },
  { id: '1.12', title: 'Only one active access key for any single IAM user' },
  { id: '1.13', title: 'Access keys are rotated every 90 days or less' },
  { id: '1.14', title: 'IAM users receive permissions only through groups' },
  { id: '1.15', title: 'No IAM policies allowing full *:* administrative privileges are attached' },
  { id: '1.16', title: 'A support role exists to manage incidents with AWS Support' },
  { id: '1.17', title: 'IAM instance roles are used for AWS resource access from instances' },
  { id: '1.18', title: 'Expired SSL/TLS certificates stored in IAM are removed' },
  { id: '1.19', title: 'IAM External Access Analyzer is enabled for all regions' },
  { id: '1.20', title: 'IAM users are managed centrally (identity federation or AWS Organizations)' },
  { id: '1.21', title: 'Access to AWSCloudShellFullAccess is restricted' },
  { id: '2.1.1', title: 'S3 bucket policies deny HTTP requests' },
  { id: '2.1.2', title: 'MFA Delete is enabled on S3 buckets' },
  { id: '2.1.3', title: 'All data in Amazon S3 is discovered, classified and secured when necessary' },
  { id: '2.1.4', title: "S3 is configured with 'Block Public Access' enabled" },
  { id: '2.2.1', title: 'Encryption at rest is enabled for RDS instances' },
  { id: '2.2.2', title: 'Auto minor version upgrade is enabled for RDS instances' },
  { id: '2.2.3', title: 'RDS instances are not publicly accessible' },
  { id: '2.2.4', title: 'Multi-AZ deployments are used for RDS' },
  { id: '2.3.1', title: 'Encryption is enabled for EFS file systems' },
  { id: '3.1', title: 'CloudTrail is enabled in all regions' },
  { id: '3.2', title: 'CloudTrail log file validation is enabled' },
  { id: '3.3', title: 'AWS Config is enabled in all regions' },
  { id: '3.4', title: 'Server access logging is enabled on the CloudTrail S3 bucket' },
  { id: '3.5', title: 'CloudTrail logs are encrypted at rest with KMS keys' },
  { id: '3.6', title: 'Rotation is enabled for customer-created symmetric KMS keys' },
  { id: '3.7', title: 'VPC flow logging is enabled in all VPCs' },
  { id: '3.8', title: 'Object-level logging of write events is enabled for S3 buckets' },
  { id: '3.9', title: 'Object-level logging of read events is enabled for S3 buckets' },
  { id: '4.1', title: 'Unauthorized API calls are monitored' },
  { id: '4.2', title: 'Management console sign-in without MFA is monitored' },
  { id: '4.3', title: "Usage of the 'root' user is monitored" },
  { id: '4.4', title: 'IAM policy changes are monitored' },
  { id: '4.5', title: 'CloudTrail configuration changes are monitored' },
  { id: '4.6', title: 'Console authentication failures are monitored' },
  { id: '4.7', title: 'Disabling or scheduled deletion of customer-created KMS keys is monitored' },
  { id: '4.8', title: 'S3 bucket policy changes are monitored' },
  { id: '4.9', title: 'AWS Config configuration changes are monitored' },
  { id: '4.10', title: 'Security group changes are monitored' },
  { id: '4.11', title: 'Network ACL changes are monitored' },
  { id: '4.12', title: 'Changes to network gateways are monitored' },
  { id: '4.13', title: 'Route table changes are monitored' },
  { id: '4.14', title: 'VPC changes are monitored' },
  { id: '4.15', title: 'AWS Organizations changes are monitored' },
  { id: '4.16', title: 'AWS Security Hub is enabled' },
  { id: '5.1.1', title: 'EBS volume encryption is enabled in all regions' },
  { id: '5.1.2', title: 'CIFS access is restricted to trusted networks' },
  { id: '5.2', title: 'No network ACL allows ingress from 0.0.0.0/0 to remote administration ports' },
  { id: '5.3', title: 'No security group allows ingress from 0.0.0.0/0 to remote administration ports' },
  { id: '5.4', title: 'No security group allows ingress from ::/0 to remote administration ports' },
  { id: '5.5', title: 'The default security group of every VPC restricts all traffic' },
  { id: '5.6', title: 'Routing tables for VPC peering are least access' },
  { id: '5.7', title: 'The EC2 metadata service only allows IMDSv2' },
] as const satisfies readonly Control[];

/** One CIS AWS Foundations Benchmark v5.0.0 recommendation id, e.g. `2.1.1`. */
export type CisRecommendation = (typeof CIS_CONTROLS)[number]['id'];

/** CIS Amazon Web Services Foundations Benchmark v5.0.0. */
export const CIS_FRAMEWORK = {
  id: 'cis',
  versionedId: 'cis-aws-5.0.0',
  title: 'CIS Amazon Web Services Foundations Benchmark',
  version: '5.0.0',
  sources: [
    'https://www.cisecurity.org/benchmark/amazon_web_services',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html',
    'https://github.com/prowler-cloud/prowler/blob/master/prowler/compliance/aws/cis_5.0_aws.json',
  ],
  controls: CIS_CONTROLS,
} as const satisfies Framework<CisRecommendation>;

/**
 * The CIS pack: the recommendations each rule checks, following the AWS Config rules AWS's CIS
 * conformance packs and Security Hub's CIS v5.0.0 standard use for them. One rule meets its
 * recommendation only with a parameter set as AWS's CIS template sets it: `iam-user-unused-credentials-check`
 * meets 1.11 with `maxCredentialUsageAge` 45 (its default is AWS's 90).
 */
export const CIS_PACK = {
  framework: CIS_FRAMEWORK,
  mappingSources: [
    'https://github.com/awslabs/aws-config-rules/blob/master/aws-config-conformance-packs/Operational-Best-Practices-for-CIS-AWS-v1.4-Level2.yaml',
    'https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html',
  ],
  mapping: {
    's3-bucket-ssl-requests-only': ['2.1.1'],
    's3-bucket-level-public-access-prohibited': ['2.1.4'],
    's3-account-level-public-access-blocks-periodic': ['2.1.4'],
    's3-bucket-logging-enabled': ['3.4'],
    'efs-encrypted-check': ['2.3.1'],
    'cmk-backing-key-rotation-enabled': ['3.6'],
    'ec2-imdsv2-check': ['5.7'],
    'ec2-ebs-encryption-by-default': ['5.1.1'],
    'restricted-ssh': ['5.3', '5.4'],
    'restricted-common-ports': ['5.3', '5.4'],
    'vpc-default-security-group-closed': ['5.5'],
    'vpc-flow-logs-enabled': ['3.7'],
    'iam-root-access-key-check': ['1.3'],
    'root-account-mfa-enabled': ['1.4'],
    'iam-password-policy': ['1.7', '1.8'],
    'iam-user-mfa-enabled': ['1.9'],
    'mfa-enabled-for-iam-console-access': ['1.9'],
    'access-keys-rotated': ['1.13'],
    'iam-user-unused-credentials-check': ['1.11'],
    'iam-user-no-policies-check': ['1.14'],
    'iam-policy-no-statements-with-admin-access': ['1.15'],
    'multi-region-cloudtrail-enabled': ['3.1'],
    'cloud-trail-log-file-validation-enabled': ['3.2'],
    'cloud-trail-encryption-enabled': ['3.5'],
    'securityhub-enabled': ['4.16'],
    'rds-instance-public-access-check': ['2.2.3'],
    'rds-multi-az-support': ['2.2.4'],
    'rds-storage-encrypted': ['2.2.1'],
    'rds-automatic-minor-version-upgrade-enabled': ['2.2.2'],
    'iam-user-group-membership-check': ['1.14'],
    'cloudtrail-s3-dataevents-enabled': ['3.8', '3.9'],
    's3-bucket-mfa-delete-enabled': ['2.1.2'],
    'ec2-instance-profile-attached': ['1.17'],
    'nacl-no-unrestricted-ssh-rdp': ['5.2'],
  },
  awsTemplates: [
    {
      template: 'Operational-Best-Practices-for-CIS-AWS-v1.4-Level2.yaml',
      version: '1.4.0',
      compared: 'rules',
      note: 'Another version, and the template names no recommendation ids: only which managed rules it deploys is compared (Level 2 holds every Level 1 rule). A rule this pack maps must be deployed by the template, and a rule of the catalog the template deploys must be mapped here, unless a reason below says why not; which recommendation a rule serves cannot be compared.',
      differencesFromAws: {
        'efs-encrypted-check': 'EFS encryption has no v1.4 recommendation; CIS added it later (5.0.0 2.3.1).',
        'ec2-imdsv2-check': 'IMDSv2 has no v1.4 recommendation; CIS added it later (5.0.0 5.7).',
        'securityhub-enabled': 'Security Hub has no v1.4 recommendation; CIS added it later (5.0.0 4.16).',
        'rds-instance-public-access-check':
          'RDS public access has no v1.4 recommendation; CIS added it later (5.0.0 2.2.3).',
        'rds-multi-az-support': 'RDS Multi-AZ has no v1.4 recommendation; CIS added it later (5.0.0 2.2.4).',
        'rds-automatic-minor-version-upgrade-enabled':
          'RDS minor version upgrades have no v1.4 recommendation; CIS added it later (5.0.0 2.2.2).',
        'iam-user-mfa-enabled':
          'AWS checks MFA for console users with mfa-enabled-for-iam-console-access alone; this rule asks MFA of every IAM user, which meets 1.9 for those with a console password.',
        'cloud-trail-cloud-watch-logs-enabled':
          "v1.4's CloudTrail-to-CloudWatch recommendation is gone from 5.0.0, whose monitoring recommendations (4.x) need metric filters and alarms, which this rule does not check.",
        'encrypted-volumes':
          "5.0.0 5.1.1 audits the account's EBS encryption-by-default setting (ec2-ebs-encryption-by-default); AWS's v1.4 template deploys this per-volume rule as well.",
        'iam-no-inline-policy-check':
          '5.0.0 1.14 concerns users only, which iam-user-no-policies-check checks in full; this rule also fails inline policies of roles and groups, which 1.14 allows.',
        's3-bucket-public-read-prohibited':
          '5.0.0 2.1.4 audits the Block Public Access settings (the bucket- and account-level rules); this rule judges bucket policies and ACLs.',
        's3-bucket-public-write-prohibited':
          '5.0.0 2.1.4 audits the Block Public Access settings (the bucket- and account-level rules); this rule judges bucket policies and ACLs.',
        's3-bucket-versioning-enabled':
          "AWS's v1.4 template deploys it with isMfaDeleteEnabled true for MFA Delete (2.1.2 in 5.0.0); its default does not check MFA Delete, which s3-bucket-mfa-delete-enabled checks in full, so only that rule maps to 2.1.2.",
        's3-bucket-mfa-delete-enabled':
          "A managed rule newer than AWS's v1.4 template, which checks MFA Delete through s3-bucket-versioning-enabled's isMfaDeleteEnabled instead.",
        'ec2-instance-profile-attached':
          "AWS's v1.4 template deploys no rule for its IAM instance role recommendation; this rule checks it (5.0.0 1.17) as Security Hub's CIS standard does.",
        'nacl-no-unrestricted-ssh-rdp':
          "AWS's v1.4 template deploys no rule for its network ACL recommendation; this rule checks it (5.0.0 5.2) as Security Hub's CIS standard does.",
        'rds-snapshot-encrypted':
          "5.0.0 2.2.1 audits the RDS instances' encryption (rds-storage-encrypted); a snapshot takes its instance's encryption, so this rule checks nothing 2.2.1 asks beyond it.",
        's3-bucket-server-side-encryption-enabled':
          "v1.4's S3 default-encryption recommendation is gone from 5.0.0: S3 encrypts every new object by default.",
      },
    },
  ],
} as const satisfies FrameworkPack<CisRecommendation>;
