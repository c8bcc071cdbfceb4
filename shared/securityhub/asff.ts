import { createHash } from 'node:crypto';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { Alert, AlertTransition } from '#shared/alerts/alert';
import { chainIdOf } from '#shared/evidence/finding';
import { SecurityHubMappingError } from './errors';

/** The ASFF schema version every finding declares. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** The finding type of every Vigil finding (ASFF `namespace/category/classifier`). */
export const VIGIL_FINDING_TYPE = 'Software and Configuration Checks/Industry and Regulatory Standards/SOC 2';

/** ASFF length limits of the text fields Vigil fills. */
const MAX_ID_LENGTH = 512;
const MAX_TITLE_LENGTH = 256;
const MAX_DESCRIPTION_LENGTH = 1024;
const MAX_RELATED_REQUIREMENTS = 32;

/**
 * The alerts that change what Security Hub should show: a status change, or a remediation that ran (its
 * compliance is the status after the run). A planned remediation changed nothing and an expiring acceptance
 * is not a finding, so neither is imported.
 */
export const SECURITY_HUB_TRANSITIONS: readonly AlertTransition[] = [
  'NEW_FAILURE',
  'RESOLVED',
  'REMEDIATION_SUCCEEDED',
  'REMEDIATION_FAILED',
];

/** Vigil severity → ASFF `Severity.Label`. */
const SEVERITY_LABELS: Readonly<Record<string, NonNullable<AwsSecurityFinding['Severity']>['Label']>> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  informational: 'INFORMATIONAL',
};

/** Vigil compliance → ASFF `Compliance.Status`; an `ERROR` means the check could not run. */
const COMPLIANCE_STATUSES: Readonly<Record<string, 'PASSED' | 'FAILED' | 'NOT_AVAILABLE'>> = {
  COMPLIANT: 'PASSED',
  NON_COMPLIANT: 'FAILED',
  NOT_APPLICABLE: 'NOT_AVAILABLE',
  ERROR: 'NOT_AVAILABLE',
};

/**
 * CloudFormation resource type → ASFF resource type, for the types Vigil judges that ASFF names; any
 * other type is `Other`.
 * @see https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html
 */
const ASFF_RESOURCE_TYPES: Readonly<Record<string, string>> = {
  'AWS::::Account': 'AwsAccount',
  'AWS::S3::AccountPublicAccessBlock': 'AwsAccount',
  'AWS::ACM::Certificate': 'AwsCertificateManagerCertificate',
  'AWS::ApiGateway::Stage': 'AwsApiGatewayStage',
  'AWS::Backup::BackupPlan': 'AwsBackupBackupPlan',
  'AWS::CloudTrail::Trail': 'AwsCloudTrailTrail',
  'AWS::DynamoDB::Table': 'AwsDynamoDbTable',
  'AWS::EC2::Instance': 'AwsEc2Instance',
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::EC2::VPC': 'AwsEc2Vpc',
  'AWS::EC2::Volume': 'AwsEc2Volume',
  'AWS::ECR::Repository': 'AwsEcrRepository',
  'AWS::EKS::Cluster': 'AwsEksCluster',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'AwsElbLoadBalancer',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'AwsElbv2LoadBalancer',
  'AWS::IAM::Policy': 'AwsIamPolicy',
  'AWS::IAM::User': 'AwsIamUser',
  'AWS::KMS::Key': 'AwsKmsKey',
  'AWS::Lambda::Function': 'AwsLambdaFunction',
  'AWS::RDS::DBCluster': 'AwsRdsDbCluster',
  'AWS::RDS::DBClusterSnapshot': 'AwsRdsDbClusterSnapshot',
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::RDS::DBSnapshot': 'AwsRdsDbSnapshot',
  'AWS::S3::Bucket': 'AwsS3Bucket',
  'AWS::SecretsManager::Secret': 'AwsSecretsManagerSecret',
  'AWS::SNS::Topic': 'AwsSnsTopic',
};

/** The ASFF resource type of a CloudFormation resource type (`Other` when ASFF has none). */
export function asffResourceType(resourceType: string): string {
  return ASFF_RESOURCE_TYPES[resourceType] ?? 'Other';
}

/**
 * The ASFF `Id` of a resource–rule pair: its evidence chain id, so every import about the same resource and
 * rule updates one finding; a chain id past ASFF's 512 characters becomes `vigil/sha256/<hash of it>`.
 */
export function asffFindingId(alert: Pick<Alert, 'resource' | 'ruleId'>): string {
  const chainId = chainIdOf({ ...alert.resource, ruleId: alert.ruleId });
  return chainId.length <= MAX_ID_LENGTH
    ? chainId
    : `vigil/sha256/${createHash('sha256').update(chainId).digest('hex')}`;
}

/** The account of a Security Hub product ARN (`…:product/<account>/default`). */
function productAccountOf(productArn: string): string | undefined {
  return /^arn:[^:]+:securityhub:[^:]+:(\d{12}):product\/\d{12}\/default$/.exec(productArn)?.[1];
}

/** The default-product ARN of an account, the product custom findings are imported under. */
export function defaultProductArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** A non-blank text, or the fallback (ASFF refuses empty required strings). */
function nonBlank(text: string, fallback: string): string {
  return text.trim() === '' ? fallback : text;
}

/**
 * Maps an alert to the ASFF finding of its resource–rule pair, imported under `productArn` (the default
 * product of the account Vigil runs in).
 * @throws SecurityHubMappingError when the product ARN is not a default-product ARN, the alert is about
 * another account (the default product imports only its own account's findings), or its severity or
 * compliance is unknown.
 */
export function toAsffFinding(alert: Alert, productArn: string): AwsSecurityFinding {
  const context = { ruleId: alert.ruleId, resourceId: alert.resource.resourceId };
  const productAccount = productAccountOf(productArn);
  if (productAccount === undefined) {
    throw new SecurityHubMappingError(`${productArn} is not a Security Hub default-product ARN`, {
      context: { ...context, productArn },
    });
  }
  if (alert.resource.accountId !== productAccount) {
    throw new SecurityHubMappingError(
      `finding of account ${alert.resource.accountId} cannot be imported under the default product of ` +
        `account ${productAccount}`,
      { context: { ...context, accountId: alert.resource.accountId, productAccount } },
    );
  }
  const label = SEVERITY_LABELS[alert.severity.toLowerCase()];
  if (label === undefined) {
    throw new SecurityHubMappingError(`unknown severity ${JSON.stringify(alert.severity)}`, { context });
  }
  const status = COMPLIANCE_STATUSES[alert.compliance];
  if (status === undefined) {
    throw new SecurityHubMappingError(`unknown compliance ${JSON.stringify(alert.compliance)}`, { context });
  }
  return {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: asffFindingId(alert),
    ProductArn: productArn,
    GeneratorId: `vigil/${alert.ruleId}`,
    AwsAccountId: alert.resource.accountId,
    Types: [VIGIL_FINDING_TYPE],
    // When the failure began if the alert knows it (a resolution), else when this evaluation ran.
    CreatedAt: alert.failingSince ?? alert.evaluatedAt,
    UpdatedAt: alert.evaluatedAt,
    Severity: { Label: label },
    Title: cut(nonBlank(alert.ruleTitle, alert.ruleId), MAX_TITLE_LENGTH),
    Description: cut(nonBlank(alert.annotation, alert.ruleTitle || alert.ruleId), MAX_DESCRIPTION_LENGTH),
    Remediation: { Recommendation: { Text: cut(alert.remediationAdvice, 512) } },
    ProductFields: {
      'vigil/RuleId': alert.ruleId,
      'vigil/Transition': alert.transition,
      'vigil/EvidenceKey': alert.evidence.key,
      'vigil/EvidenceSha256': alert.evidence.hash,
    },
    Resources: [
      {
        Type: asffResourceType(alert.resource.resourceType),
        Id: alert.resource.arn ?? alert.resource.resourceId,
        Region: alert.resource.region,
      },
    ],
    Compliance: {
      Status: status,
      RelatedRequirements: alert.soc2
        .slice(0, MAX_RELATED_REQUIREMENTS)
        .map((criterion) => `SOC 2 ${criterion}`),
    },
    RecordState: 'ACTIVE',
    // After creation, a provider updates Severity and Types through FindingProviderFields only.
    FindingProviderFields: {
      Severity: { Label: label, Original: alert.severity },
      Types: [VIGIL_FINDING_TYPE],
    },
  };
}
