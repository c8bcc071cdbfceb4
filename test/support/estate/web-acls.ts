import { AssociateWebACLCommand, CreateWebACLCommand, type WAFV2Client } from '@aws-sdk/client-wafv2';
import type { SeededCall } from './pair';

/** A web ACL made for a seed: its ARN, and the CloudTrail call that made it. */
export interface SeededWebAcl {
  readonly arn: string;
  readonly id: string;
  readonly name: string;
  readonly event: SeededCall;
}

/** Creates an allow-by-default web ACL (no rules) of the scope, as an operator would before associating it. */
export async function createWebAcl(
  wafv2: WAFV2Client,
  name: string,
  scope: 'REGIONAL' | 'CLOUDFRONT' = 'REGIONAL',
): Promise<SeededWebAcl> {
  const visibility = { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name };
  const created = await wafv2.send(
    new CreateWebACLCommand({
      Name: name,
      Scope: scope,
      DefaultAction: { Allow: {} },
      VisibilityConfig: visibility,
      Rules: [],
    }),
  );
  const summary = created.Summary;
  if (summary?.ARN === undefined || summary.Id === undefined)
    throw new Error(`WAFv2 created no web ACL ${name}`);
  return {
    arn: summary.ARN,
    id: summary.Id,
    name,
    event: {
      eventSource: 'wafv2.amazonaws.com',
      eventName: 'CreateWebACL',
      requestParameters: {
        name,
        scope,
        defaultAction: { allow: {} },
        visibilityConfig: { sampledRequestsEnabled: true, cloudWatchMetricsEnabled: true, metricName: name },
        rules: [],
      },
      responseElements: {
        summary: { name, id: summary.Id, aRN: summary.ARN, lockToken: summary.LockToken },
      },
    },
  };
}

/** Associates a regional web ACL with a resource (load balancer, API stage); the CloudTrail call it makes. */
export async function associateWebAcl(
  wafv2: WAFV2Client,
  webAclArn: string,
  resourceArn: string,
): Promise<SeededCall> {
  await wafv2.send(new AssociateWebACLCommand({ WebACLArn: webAclArn, ResourceArn: resourceArn }));
  return {
    eventSource: 'wafv2.amazonaws.com',
    eventName: 'AssociateWebACL',
    requestParameters: { webACLArn: webAclArn, resourceArn },
    responseElements: null,
  };
}
