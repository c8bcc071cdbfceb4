import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describe, expect, it } from 'vitest';
import { sdkRetryConfig } from '#shared/aws/client-settings';
import { createServiceClients } from '#shared/aws/service-clients';

describe('the Kinesis service client', () => {
  it('talks HTTP/1.1 with the shared timeouts, not the HTTP/2 handler the Kinesis SDK defaults to', async () => {
    const retry = sdkRetryConfig();
    const clients = createServiceClients({ settings: { region: 'us-east-1', ...retry } });
    const kinesis = await clients.client('kinesis');
    const handler = kinesis.config.requestHandler;
    expect(handler).toBeInstanceOf(NodeHttpHandler);
    expect(handler.metadata?.handlerProtocol).toBe('http/1.1');
    // The handler reads its options on the first request; httpHandlerConfigs() shows them after that.
    await (handler as NodeHttpHandler)
      .handle({
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 9,
        path: '/',
        query: {},
        headers: {},
      } as unknown as Parameters<NodeHttpHandler['handle']>[0])
      .catch(() => undefined);
    expect((handler as NodeHttpHandler).httpHandlerConfigs()).toMatchObject({
      connectionTimeout: retry.requestHandler.connectionTimeout,
      requestTimeout: retry.requestHandler.requestTimeout,
      socketTimeout: retry.requestHandler.socketTimeout,
    });
  });
});
