import { acmRules } from './acm/index';
import { apigatewayRules } from './apigateway/index';
import { backupRules } from './backup/index';
import { cloudfrontRules } from './cloudfront/index';
import { cloudtrailRules } from './cloudtrail/index';
import { cloudwatchRules } from './cloudwatch/index';
import { customRules } from './custom-catalog';
import { docdbRules } from './docdb/index';
import { dynamodbRules } from './dynamodb/index';
import { ec2Rules } from './ec2/index';
import { ecrRules } from './ecr/index';
import { efsRules } from './efs/index';
import { eksRules } from './eks/index';
import { elasticacheRules } from './elasticache/index';
import { elbRules } from './elb/index';
import { guarddutyRules } from './guardduty/index';
import { iamRules } from './iam/index';
import { kinesisRules } from './kinesis/index';
import { kmsRules } from './kms/index';
import { lambdaRules } from './lambda/index';
import { opensearchRules } from './opensearch/index';
import { rdsRules } from './rds/index';
import { redshiftRules } from './redshift/index';
import type { Rule } from './rule';
import { s3Rules } from './s3/index';
import { secretsmanagerRules } from './secretsmanager/index';
import { securityhubRules } from './securityhub/index';
import { snsRules } from './sns/index';
import { sqsRules } from './sqs/index';
import { vpcRules } from './vpc/index';

/** Every rule Vigil ships, in catalog order. */
export const RULES: readonly Rule[] = [
  ...s3Rules,
  ...dynamodbRules,
  ...efsRules,
  ...snsRules,
  ...secretsmanagerRules,
  ...backupRules,
  ...kmsRules,
  ...ec2Rules,
  ...vpcRules,
  ...elbRules,
  ...apigatewayRules,
  ...lambdaRules,
  ...acmRules,
  ...iamRules,
  ...cloudtrailRules,
  ...cloudwatchRules,
  ...guarddutyRules,
  ...securityhubRules,
  ...rdsRules,
  ...eksRules,
  ...ecrRules,
  ...docdbRules,
  ...elasticacheRules,
  ...redshiftRules,
  ...opensearchRules,
  ...cloudfrontRules,
  ...kinesisRules,
  ...sqsRules,
];

/** The rules this process runs: every built-in one, then the custom rules bundled or loaded. */
export function ruleCatalog(): readonly Rule[] {
  const custom = customRules();
  return custom.length === 0 ? RULES : [...RULES, ...custom];
}

/** The rule with this id, built-in or custom, if there is one. */
export function findRule(id: string): Rule | undefined {
  return ruleCatalog().find((rule) => rule.id === id);
}
