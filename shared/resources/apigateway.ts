/** AWS Config resource type of an API Gateway REST API stage. */
export const API_GATEWAY_STAGE_TYPE = 'AWS::ApiGateway::Stage';

/** One entry of a stage's `methodSettings`, keyed by `<resource-path>/<HTTP-method>` or by the stage-wide wildcard pair. */
export type MethodSetting = {
  /** `OFF`, `ERROR` or `INFO`; execution logging to CloudWatch Logs. */
  readonly loggingLevel?: string;
  readonly metricsEnabled?: boolean;
  readonly dataTraceEnabled?: boolean;
};

/** The parts of an `AWS::ApiGateway::Stage` configuration item Vigil's rules read (GetStage, camelCase). */
export type RestApiStageConfiguration = {
  readonly stageName?: string;
  readonly restApiId?: string;
  /** Client certificate API Gateway presents to the HTTP backend. */
  readonly clientCertificateId?: string | null;
  readonly methodSettings?: Readonly<Record<string, MethodSetting>> | null;
  readonly tracingEnabled?: boolean;
  /** The AWS WAF web ACL (WAFv2 ARN, or WAF Classic Regional) associated with the stage; absent when none. */
  readonly webAclArn?: string | null;
};

/** `Stage prod of REST API a1b2c3d4e5` from the stage item, for annotations. */
export function stageLabel(
  item: { readonly resourceId: string; readonly resourceName?: string },
  stageName?: string,
): string {
  const apiId = /\/restapis\/([^/]+)\//.exec(item.resourceId)?.[1];
  const stage = stageName ?? item.resourceName ?? item.resourceId;
  return apiId ? `Stage ${stage} of REST API ${apiId}` : `Stage ${stage}`;
}
