import type { ConfigurationItem } from '#shared/config-item/configuration-item';

/** AWS Config resource type of a Lambda function. */
export const LAMBDA_FUNCTION_TYPE = 'AWS::Lambda::Function';

/**
 * The parts of an `AWS::Lambda::Function` configuration item (GetFunctionConfiguration, camelCase) the
 * VPC and dead-letter rules read. Lambda leaves `vpcConfig` and `deadLetterConfig` out of a function that
 * has neither (or gives empty values), so their absence from a recorded configuration means "not set".
 */
export type LambdaFunctionConfiguration = {
  readonly functionName?: string;
  readonly vpcConfig?: {
    readonly subnetIds?: readonly string[] | null;
    readonly securityGroupIds?: readonly string[] | null;
    readonly vpcId?: string | null;
  } | null;
  readonly deadLetterConfig?: { readonly targetArn?: string | null } | null;
};

/** The function's name, from the configuration or the item. */
export function lambdaFunctionName(item: ConfigurationItem<LambdaFunctionConfiguration>): string {
  return item.configuration?.functionName ?? item.resourceName ?? item.resourceId;
}
