import type { ServiceClients, ServiceClientTypes, ServiceName } from '#shared/describe/service-clients';

/** Settings every client shares (region, endpoint, credentials, retry and timeout settings). */
type CommonSettings = Readonly<Record<string, unknown>>;

type Create<N extends ServiceName> = (settings: CommonSettings) => Promise<ServiceClientTypes[N]>;

// One dynamic import per service, so a container only loads the SDK modules of the services it calls.
const CREATE: { readonly [N in ServiceName]: Create<N> } = {
  acm: async (settings) => new (await import('./clients/acm')).ACMClient(settings),
  apigateway: async (settings) => new (await import('./clients/apigateway')).APIGatewayClient(settings),
  backup: async (settings) => new (await import('./clients/backup')).BackupClient(settings),
  cloudfront: async (settings) => new (await import('./clients/cloudfront')).CloudFrontClient(settings),
  cloudtrail: async (settings) => new (await import('./clients/cloudtrail')).CloudTrailClient(settings),
  dynamodb: async (settings) => new (await import('./clients/dynamodb')).DynamoDBClient(settings),
  ec2: async (settings) => new (await import('./clients/ec2')).EC2Client(settings),
  ecr: async (settings) => new (await import('./clients/ecr')).ECRClient(settings),
  efs: async (settings) => new (await import('./clients/efs')).EFSClient(settings),
  eks: async (settings) => new (await import('./clients/eks')).EKSClient(settings),
  elasticache: async (settings) => new (await import('./clients/elasticache')).ElastiCacheClient(settings),
  elb: async (settings) => new (await import('./clients/elb')).ElasticLoadBalancingClient(settings),
  elbv2: async (settings) => new (await import('./clients/elbv2')).ElasticLoadBalancingV2Client(settings),
  guardduty: async (settings) => new (await import('./clients/guardduty')).GuardDutyClient(settings),
  iam: async (settings) => new (await import('./clients/iam')).IAMClient(settings),
  // Kinesis's client defaults to an HTTP/2 handler (for SubscribeToShard, which Vigil never calls); the
  // control-plane reads Vigil makes go over HTTP/1.1 like every other client's, so the handler settings
  // (connection, request and socket timeouts) apply the same way, and moto (HTTP/1.1 only) can answer.
  kinesis: async (settings) => {
    const { KinesisClient, NodeHttpHandler } = await import('./clients/kinesis');
    const handler = settings.requestHandler;
    return new KinesisClient({
      ...settings,
      requestHandler: new NodeHttpHandler(
        typeof handler === 'object' && handler !== null ? (handler as Record<string, unknown>) : {},
      ),
    });
  },
  kms: async (settings) => new (await import('./clients/kms')).KMSClient(settings),
  lambda: async (settings) => new (await import('./clients/lambda')).LambdaClient(settings),
  logs: async (settings) => new (await import('./clients/logs')).CloudWatchLogsClient(settings),
  opensearch: async (settings) => new (await import('./clients/opensearch')).OpenSearchClient(settings),
  rds: async (settings) => new (await import('./clients/rds')).RDSClient(settings),
  redshift: async (settings) => new (await import('./clients/redshift')).RedshiftClient(settings),
  s3: async (settings) => new (await import('./clients/s3')).S3Client(settings),
  // S3 Control's endpoint rules put the account id in front of the host; a custom endpoint (moto) is used
  // as given instead, or `<account>.127.0.0.1` would not even parse as a URL.
  s3control: async (settings) => {
    const { S3ControlClient } = await import('./clients/s3-control');
    const endpoint = settings.endpoint;
    return typeof endpoint === 'string'
      ? new S3ControlClient({ ...settings, endpointProvider: () => ({ url: new URL(endpoint) }) })
      : new S3ControlClient(settings);
  },
  secretsmanager: async (settings) =>
    new (await import('./clients/secrets-manager')).SecretsManagerClient(settings),
  securityhub: async (settings) => new (await import('./clients/securityhub')).SecurityHubClient(settings),
  sns: async (settings) => new (await import('./clients/sns')).SNSClient(settings),
  sqs: async (settings) => new (await import('./clients/sqs')).SQSClient(settings),
  sts: async (settings) => new (await import('./clients/sts')).STSClient(settings),
  wafv2: async (settings) => new (await import('./clients/wafv2')).WAFV2Client(settings),
};

/** The bit of an SDK client this module needs to add a middleware. */
interface WithMiddleware {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { readonly commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { readonly step: 'initialize'; readonly name: string },
    ): void;
  };
}

/**
 * Marks every error a client throws with the command that failed (`commandName`), so a caller can name the
 * IAM action an AccessDenied lacked even when AWS's message does not (S3's never does).
 */
function tagErrorsWithCommand<T>(client: T): T {
  (client as unknown as WithMiddleware).middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (error instanceof Error && !('commandName' in error) && context.commandName !== undefined) {
          Object.defineProperty(error, 'commandName', { value: context.commandName, enumerable: false });
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'vigilTagErrorsWithCommand' },
  );
  return client;
}

/** Clients given already built, e.g. the S3 client the evidence store shares. */
export type PresetClients = { readonly [N in ServiceName]?: () => ServiceClientTypes[N] };

/**
 * Service clients created on first use with `settings` and handed to `track` (so the runtime can destroy
 * them); a failed import is retried on the next call rather than cached.
 */
export function createServiceClients(options: {
  readonly settings: CommonSettings;
  readonly track?: <T extends { destroy(): void }>(client: T) => T;
  readonly preset?: PresetClients;
  /** Settings of one service on top of the shared ones (e.g. S3's path-style addressing for moto). */
  readonly serviceSettings?: { readonly [N in ServiceName]?: CommonSettings };
}): ServiceClients {
  const created = new Map<ServiceName, Promise<unknown>>();
  return {
    client<N extends ServiceName>(service: N): Promise<ServiceClientTypes[N]> {
      let pending = created.get(service);
      if (pending === undefined) {
        const preset = options.preset?.[service];
        pending =
          preset === undefined
            ? (CREATE[service] as Create<N>)({
                ...options.settings,
                ...options.serviceSettings?.[service],
              }).then((client) => tagErrorsWithCommand(options.track?.(client) ?? client))
            : Promise.resolve(preset());
        pending.catch(() => created.delete(service));
        created.set(service, pending);
      }
      return pending as Promise<ServiceClientTypes[N]>;
    },
  };
}
