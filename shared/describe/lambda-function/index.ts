import { type CloudTrailExtractor, type DescribableType, sameExtractor, stringAt } from '../resource-type';

/** AWS Config's type of a Lambda function. */
export const LAMBDA_FUNCTION_TYPE = 'AWS::Lambda::Function';

/**
 * The function name in a `FunctionName` parameter, which may be a name, a full or partial ARN, and carry a
 * version or alias qualifier (`my-function:prod`): Config records the unqualified function by its name.
 */
export function functionNameOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const marker = value.indexOf('function:');
  const tail = marker >= 0 ? value.slice(marker + 'function:'.length) : value;
  return tail.split(':')[0] || undefined;
}

const functionInRequest: CloudTrailExtractor = (record) => [
  [
    LAMBDA_FUNCTION_TYPE,
    functionNameOf(
      stringAt(record.requestParameters, 'functionName') ?? stringAt(record.responseElements, 'functionName'),
    ),
  ],
];

/** Tag calls name the function by ARN in `resource`; layers and event source mappings are not functions. */
const taggedFunction: CloudTrailExtractor = (record) => {
  const resource = stringAt(record.requestParameters, 'resource');
  return resource?.includes(':function:') ? [[LAMBDA_FUNCTION_TYPE, functionNameOf(resource)]] : [];
};

/**
 * Lambda functions with their resource-based policy (`supplementaryConfiguration.Policy`). Lambda's
 * CloudTrail event names carry the API version they were called through (`AddPermission20150331v2`); both
 * the current and the older spelling of each call are listed.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/logging-using-cloudtrail.html
 */
export const LAMBDA_FUNCTION: DescribableType = {
  resourceType: LAMBDA_FUNCTION_TYPE,
  services: ['lambda'],
  permissions: [
    {
      actions: ['lambda:ListFunctions'],
      resources: ['*'],
      reason: 'lambda:ListFunctions supports no resource-level permissions; it lists function settings only.',
    },
    {
      actions: ['lambda:GetFunctionConfiguration', 'lambda:GetPolicy', 'lambda:ListTags'],
      resources: ['arn:{partition}:lambda:{region}:{account}:function:*'],
      reason:
        'Vigil judges every function of this account and region: its settings, resource policy and tags ' +
        '(no code download, no invocation).',
    },
  ],
  cloudTrail: {
    'lambda.amazonaws.com': {
      ...sameExtractor(
        [
          'CreateFunction20150331',
          'DeleteFunction20150331',
          'UpdateFunctionConfiguration20150331',
          'UpdateFunctionConfiguration20150331v2',
          'UpdateFunctionCode20150331',
          'UpdateFunctionCode20150331v2',
          'AddPermission20150331',
          'AddPermission20150331v2',
          'RemovePermission20150331',
          'RemovePermission20150331v2',
        ],
        functionInRequest,
      ),
      ...sameExtractor(
        ['TagResource20170331', 'TagResource20170331v2', 'UntagResource20170331', 'UntagResource20170331v2'],
        taggedFunction,
      ),
    },
  },
  describe: async (clients, ref) =>
    (await import('./describe')).describeLambdaFunction(await clients.client('lambda'), ref),
  list: async (clients, base) =>
    (await import('./describe')).listLambdaFunctions(await clients.client('lambda'), base),
};
