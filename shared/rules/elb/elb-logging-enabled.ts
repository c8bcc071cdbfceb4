import {
  CLASSIC_LOAD_BALANCER_TYPE,
  type ClassicLoadBalancerConfiguration,
  classicAccessLog,
  LOAD_BALANCER_V2_TYPE,
  type LoadBalancerV2Configuration,
  loadBalancerName,
  loadBalancerV2Attributes,
} from '#shared/resources/elb';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

type Configuration = ClassicLoadBalancerConfiguration & LoadBalancerV2Configuration;

/**
 * Classic and Application Load Balancers deliver access logs to S3, and to one of `s3BucketNames` when
 * that parameter is set. Classic logging is read from `supplementaryConfiguration.LoadBalancerAttributes`
 * (`accessLog`), ELBv2 logging from the same key's `access_logs.s3.enabled` / `access_logs.s3.bucket`.
 * Network and Gateway Load Balancers are NOT_APPLICABLE, as in the managed rule, and so are load balancers
 * whose attributes (or, with `s3BucketNames`, whose log bucket) were not recorded: never a failure from
 * data not collected.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/elb-logging-enabled.html
 */
export const elbLoggingEnabled = {
  id: 'elb-logging-enabled',
  title: 'Classic and Application Load Balancers deliver access logs to S3',
  resourceTypes: [CLASSIC_LOAD_BALANCER_TYPE, LOAD_BALANCER_V2_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    s3BucketNames: {
      type: 'string-list',
      default: [],
      description: 'S3 buckets access logs must go to, comma-separated; empty accepts any bucket.',
    },
  },
  rationale: 'Load balancer access logs are the record of every request that reached the application.',
  remediationAdvice:
    'Enable access logs to an S3 bucket: ALB `aws elbv2 modify-load-balancer-attributes --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=<bucket>`; Classic `aws elb modify-load-balancer-attributes --load-balancer-attributes "{\\"AccessLog\\":{\\"Enabled\\":true,\\"S3BucketName\\":\\"<bucket>\\"}}"`.',
  evaluate(item, { parameters }) {
    const name = loadBalancerName(item);
    let logging: { readonly enabled: boolean; readonly bucket: string | undefined } | undefined;
    if (item.resourceType === CLASSIC_LOAD_BALANCER_TYPE) {
      logging = classicAccessLog(item.supplementaryConfiguration);
    } else {
      const type = item.configuration?.type?.toLowerCase();
      if (type !== undefined && type !== 'application') {
        return notApplicable(
          `${name} is a ${type} load balancer; the rule covers Classic and Application ones.`,
        );
      }
      const attributes = loadBalancerV2Attributes(item.supplementaryConfiguration);
      const bucket = attributes?.get('access_logs.s3.bucket');
      logging =
        attributes === undefined
          ? undefined
          : { enabled: attributes.get('access_logs.s3.enabled') === 'true', bucket: bucket || undefined };
    }
    if (logging === undefined) return notApplicable(`Access log attributes of ${name} were not recorded.`);
    if (!logging.enabled) return nonCompliant(`Access logging is disabled on ${name}.`);
    const allowed = parameters.s3BucketNames;
    if (allowed.length > 0 && logging.bucket === undefined) {
      return notApplicable(`${name} delivers access logs, but the bucket was not recorded.`);
    }
    if (allowed.length > 0 && logging.bucket !== undefined && !allowed.includes(logging.bucket)) {
      return nonCompliant(`${name} logs to ${logging.bucket}, not to one of ${allowed.join(', ')}.`);
    }
    return compliant(`${name} delivers access logs to ${logging.bucket ?? 'S3'}.`);
  },
} as const satisfies Rule<{ s3BucketNames: readonly string[] }, Configuration>;
