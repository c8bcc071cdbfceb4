import type { Alert } from './alert';

/** The resource fields a console link is built from. */
export type LinkableResource = Pick<
  Alert['resource'],
  'resourceType' | 'resourceId' | 'resourceName' | 'region' | 'arn'
>;

/** Region used for global resources (Config records IAM and the account as region `global`). */
const GLOBAL_RESOURCE_REGION = 'us-east-1';

/** The console host of a region's partition. */
function consoleDomain(region: string): string {
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return 'console.aws.amazon.com';
}

function regionOf(resource: LinkableResource): string {
  return resource.region === '' || resource.region === 'global' ? GLOBAL_RESOURCE_REGION : resource.region;
}

function regionalHome(region: string): string {
  return `https://${region}.${consoleDomain(region)}`;
}

/** The last `:`- or `/`-separated segment after `marker` in an ARN, e.g. the DB identifier of an RDS ARN. */
function arnName(arn: string | undefined, marker: string): string | undefined {
  if (arn === undefined) return undefined;
  const at = arn.indexOf(marker);
  return at < 0 ? undefined : arn.slice(at + marker.length) || undefined;
}

/** The CloudWatch console's fragment encoding: URI-encode, then escape each `%` as `$25`. */
function cloudWatchFragment(text: string): string {
  return encodeURIComponent(text).replace(/%/g, '$25');
}

/** The AWS Config resource timeline of any recorded resource: the fallback every type gets. */
export function configTimelineUrl(resource: LinkableResource): string {
  const region = regionOf(resource);
  const query = new URLSearchParams({ resourceId: resource.resourceId, resourceType: resource.resourceType });
  return `${regionalHome(region)}/config/home?region=${region}#/resources/timeline?${query.toString()}`;
}

type LinkBuilder = (resource: LinkableResource, region: string) => string | undefined;

const e = encodeURIComponent;

const IAM_HOME = (region: string): string => `https://${consoleDomain(region)}/iam/home#`;

/** Console pages per Config resource type; a builder returns `undefined` when the item lacks what it needs. */
const BUILDERS: Readonly<Record<string, LinkBuilder>> = {
  'AWS::S3::Bucket': (resource, region) =>
    `${regionalHome(region)}/s3/buckets/${e(resource.resourceName ?? resource.resourceId)}?region=${region}&tab=permissions`,
  'AWS::EC2::SecurityGroup': (resource, region) =>
    `${regionalHome(region)}/ec2/home?region=${region}#SecurityGroup:groupId=${e(resource.resourceId)}`,
  'AWS::EC2::Instance': (resource, region) =>
    `${regionalHome(region)}/ec2/home?region=${region}#InstanceDetails:instanceId=${e(resource.resourceId)}`,
  'AWS::EC2::Volume': (resource, region) =>
    `${regionalHome(region)}/ec2/home?region=${region}#VolumeDetails:volumeId=${e(resource.resourceId)}`,
  'AWS::EC2::VPC': (resource, region) =>
    `${regionalHome(region)}/vpcconsole/home?region=${region}#VpcDetails:VpcId=${e(resource.resourceId)}`,
  // Config's resource id of a DB instance is its DbiResourceId (db-…); the console wants the identifier.
  'AWS::RDS::DBInstance': (resource, region) => {
    const identifier = resource.resourceName ?? arnName(resource.arn, ':db:');
    return identifier === undefined
      ? undefined
      : `${regionalHome(region)}/rds/home?region=${region}#database:id=${e(identifier)};is-cluster=false`;
  },
  'AWS::KMS::Key': (resource, region) =>
    `${regionalHome(region)}/kms/home?region=${region}#/kms/keys/${e(resource.resourceId)}`,
  'AWS::Logs::LogGroup': (resource, region) =>
    `${regionalHome(region)}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${cloudWatchFragment(
      resource.resourceName ?? resource.resourceId,
    )}`,
  'AWS::CloudTrail::Trail': (resource, region) => {
    const name = resource.resourceName ?? arnName(resource.arn, ':trail/') ?? resource.resourceId;
    return `${regionalHome(region)}/cloudtrail/home?region=${region}#/trails/${e(name)}`;
  },
  'AWS::DynamoDB::Table': (resource, region) =>
    `${regionalHome(region)}/dynamodbv2/home?region=${region}#table?name=${e(resource.resourceName ?? resource.resourceId)}`,
  'AWS::Lambda::Function': (resource, region) =>
    `${regionalHome(region)}/lambda/home?region=${region}#/functions/${e(resource.resourceName ?? resource.resourceId)}`,
  // IAM is global; Config's resource id is the unique id (AIDA…, AROA…), the console wants the name.
  'AWS::IAM::User': (resource, region) =>
    resource.resourceName === undefined
      ? undefined
      : `${IAM_HOME(region)}/users/details/${e(resource.resourceName)}`,
  'AWS::IAM::Role': (resource, region) =>
    resource.resourceName === undefined
      ? undefined
      : `${IAM_HOME(region)}/roles/details/${e(resource.resourceName)}`,
  'AWS::IAM::Group': (resource, region) =>
    resource.resourceName === undefined
      ? undefined
      : `${IAM_HOME(region)}/groups/details/${e(resource.resourceName)}`,
  'AWS::IAM::Policy': (resource, region) =>
    resource.arn === undefined ? undefined : `${IAM_HOME(region)}/policies/details/${e(resource.arn)}`,
  // Config keeps no timeline for the account pseudo-resource; its rules' dashboard is the closest page.
  'AWS::::Account': (_resource, region) => `${regionalHome(region)}/config/home?region=${region}#/dashboard`,
};

/**
 * A link to the resource in the AWS console (S3 bucket, security group, EC2 instance, RDS instance, KMS key,
 * log group, IAM user/role/group/policy and a few more), or its AWS Config timeline for any other type.
 */
export function consoleUrlFor(resource: LinkableResource): string {
  const region = regionOf(resource);
  return BUILDERS[resource.resourceType]?.(resource, region) ?? configTimelineUrl(resource);
}

/** Whether {@link consoleUrlFor} has a service page (not just the Config timeline) for the type. */
export function hasServiceConsolePage(resourceType: string): boolean {
  return resourceType in BUILDERS;
}
