import { DeleteFunctionCommand } from '@aws-sdk/client-lambda';
import { LAMBDA_FUNCTION_SEEDER } from '#test/support/estate/lambda-function';
import { provesSeededPair } from './seeded-pair';

provesSeededPair(LAMBDA_FUNCTION_SEEDER, {
  deleteMisconfigured: async (clients, pair) => {
    const functionName = pair.misconfigured.resourceId;
    await (await clients.client('lambda')).send(new DeleteFunctionCommand({ FunctionName: functionName }));
    return {
      eventSource: 'lambda.amazonaws.com',
      eventName: 'DeleteFunction20150331',
      requestParameters: { functionName },
      responseElements: null,
    };
  },
});
