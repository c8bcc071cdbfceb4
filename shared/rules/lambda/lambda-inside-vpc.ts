import {
  LAMBDA_FUNCTION_TYPE,
  type LambdaFunctionConfiguration,
  lambdaFunctionName,
} from '#shared/resources/lambda';
import { compliant, nonCompliant, type Rule } from '#shared/rules/rule';

/**
 * Lambda functions run attached to a VPC (`vpcConfig.subnetIds` is not empty), and only in subnets of
 * `subnetIds` when that parameter is set. Lambda leaves `vpcConfig` out of (or empties it for) a function
 * not attached to a VPC, so a recorded configuration without subnets fails.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/lambda-inside-vpc.html
 */
export const lambdaInsideVpc = {
  id: 'lambda-inside-vpc',
  title: 'Lambda functions run inside a VPC',
  resourceTypes: [LAMBDA_FUNCTION_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    subnetIds: {
      type: 'string-list',
      default: [],
      description: 'Subnets functions must be attached to, comma-separated; empty accepts any subnet.',
    },
  },
  rationale:
    "A function inside a VPC reaches private resources without public endpoints, and its traffic passes the VPC's security groups, flow logs and egress controls.",
  remediationAdvice:
    'Attach it to private subnets: `aws lambda update-function-configuration --function-name <name> --vpc-config SubnetIds=<subnet-a>,<subnet-b>,SecurityGroupIds=<sg>` (the execution role needs the AWSLambdaVPCAccessExecutionRole permissions).',
  evaluate(item, { parameters }) {
    const name = lambdaFunctionName(item);
    const subnets = item.configuration?.vpcConfig?.subnetIds ?? [];
    if (subnets.length === 0) return nonCompliant(`Lambda function ${name} is not attached to a VPC.`);
    const allowed = parameters.subnetIds;
    const outside = subnets.filter((subnet) => !allowed.includes(subnet));
    if (allowed.length > 0 && outside.length > 0) {
      return nonCompliant(`Lambda function ${name} uses subnets outside subnetIds: ${outside.join(', ')}.`);
    }
    const vpc = item.configuration?.vpcConfig?.vpcId;
    return compliant(
      `Lambda function ${name} runs in ${vpc ? `VPC ${vpc}` : 'a VPC'} (subnets ${subnets.join(', ')}).`,
    );
  },
} as const satisfies Rule<{ subnetIds: readonly string[] }, LambdaFunctionConfiguration>;
