import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  type Action,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type Listener,
  type LoadBalancer,
  ModifyLoadBalancerAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { CloudTrailCall } from '#shared/local/events';
import { LOAD_BALANCER_V2_TYPE } from '#shared/resources/elb';
import { importCertificate } from './certificates';
import { shortName } from './classic-load-balancer';
import type { PairSeeder } from './pair';
import { associateWebAcl, createWebAcl } from './web-acls';

type Event = Omit<CloudTrailCall, 'accountId' | 'region' | 'eventTime'>;

/** An SDK object as CloudTrail logs it: lower camel case keys, dates as ISO strings. */
function logged(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(logged);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key, member]) => member !== undefined && key !== '$metadata')
      .map(([key, member]) => [key.charAt(0).toLowerCase() + key.slice(1), logged(member)]),
  );
}

function created(loadBalancer: LoadBalancer | undefined): LoadBalancer & { LoadBalancerArn: string } {
  if (loadBalancer?.LoadBalancerArn === undefined) throw new Error('ELBv2 created no load balancer');
  return { ...loadBalancer, LoadBalancerArn: loadBalancer.LoadBalancerArn };
}

/**
 * An Application Load Balancer whose HTTP listener forwards to a target group and whose access logs are off
 * and that no web ACL protects (fails `alb-http-to-https-redirection-check`, `elb-logging-enabled` and
 * `alb-waf-enabled`) beside one whose HTTP listener redirects to HTTPS, with an HTTPS listener (an imported
 * ACM certificate), access logs to S3 and a regional WAFv2 web ACL. Both sit
 * in the default VPC's subnets, so the seed adds no VPC of its own.
 */
export const LOAD_BALANCER_V2_SEEDER: PairSeeder = {
  resourceType: LOAD_BALANCER_V2_TYPE,
  async seed(clients, { region, suffix }) {
    const ec2 = await clients.client('ec2');
    const elbv2 = await clients.client('elbv2');
    const acm = await clients.client('acm');
    const subnets = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }),
    );
    const subnetIds = (subnets.Subnets ?? [])
      .filter(
        (subnet) => subnet.AvailabilityZone === `${region}a` || subnet.AvailabilityZone === `${region}b`,
      )
      .flatMap((subnet) => (subnet.SubnetId === undefined ? [] : [subnet.SubnetId]));
    const vpcId = subnets.Subnets?.[0]?.VpcId;
    if (subnetIds.length < 2 || vpcId === undefined)
      throw new Error(`no default subnets in ${region}a and ${region}b`);
    const forwarding = shortName('vigil-alb-fwd', suffix);
    const redirecting = shortName('vigil-alb-tls', suffix);
    const bucket = shortName('vigil-alb-logs', suffix);
    const events: Event[] = [];

    const createLoadBalancer = async (name: string) => {
      const response = await elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnetIds }));
      const loadBalancer = created(response.LoadBalancers?.[0]);
      events.push({
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'CreateLoadBalancer',
        requestParameters: { name, subnets: subnetIds },
        responseElements: { loadBalancers: [logged(loadBalancer)] },
      });
      return loadBalancer.LoadBalancerArn;
    };
    const createListener = async (
      loadBalancerArn: string,
      listener: {
        Protocol: 'HTTP' | 'HTTPS';
        Port: number;
        DefaultActions: Action[];
        CertificateArn?: string;
      },
    ) => {
      const { CertificateArn, ...rest } = listener;
      const input = {
        LoadBalancerArn: loadBalancerArn,
        ...rest,
        ...(CertificateArn === undefined ? {} : { Certificates: [{ CertificateArn }] }),
      };
      const response = await elbv2.send(new CreateListenerCommand(input));
      const listeners: Listener[] = response.Listeners ?? [];
      events.push({
        eventSource: 'elasticloadbalancing.amazonaws.com',
        eventName: 'CreateListener',
        requestParameters: logged(input) as Record<string, unknown>,
        responseElements: { listeners: logged(listeners) },
      });
    };

    const forwardingArn = await createLoadBalancer(forwarding);
    const redirectingArn = await createLoadBalancer(redirecting);
    const attributes = [
      { Key: 'access_logs.s3.enabled', Value: 'true' },
      { Key: 'access_logs.s3.bucket', Value: bucket },
    ];
    await elbv2.send(
      new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: redirectingArn, Attributes: attributes }),
    );
    events.push({
      eventSource: 'elasticloadbalancing.amazonaws.com',
      eventName: 'ModifyLoadBalancerAttributes',
      requestParameters: { loadBalancerArn: redirectingArn, attributes: logged(attributes) },
      responseElements: { attributes: logged(attributes) },
    });
    const targetGroup = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: shortName('vigil-tg', suffix),
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: vpcId,
      }),
    );
    const targetGroupArn = targetGroup.TargetGroups?.[0]?.TargetGroupArn;
    if (targetGroupArn === undefined) throw new Error('ELBv2 created no target group');
    const certificate = await importCertificate(acm, `${redirecting}.example.com`, 400);
    events.push({
      eventSource: 'acm.amazonaws.com',
      eventName: 'ImportCertificate',
      requestParameters: { privateKey: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      responseElements: { certificateArn: certificate.arn },
    });
    const wafv2 = await clients.client('wafv2');
    const webAcl = await createWebAcl(wafv2, shortName('vigil-alb-acl', suffix));
    events.push(webAcl.event, await associateWebAcl(wafv2, webAcl.arn, redirectingArn));
    // Listeners last: each listener call re-judges its load balancer with the listener it just described.
    await createListener(redirectingArn, {
      Protocol: 'HTTPS',
      Port: 443,
      CertificateArn: certificate.arn,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    });
    await createListener(redirectingArn, {
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [
        { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } },
      ],
    });
    await createListener(forwardingArn, {
      Protocol: 'HTTP',
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
    });
    return {
      misconfigured: { resourceType: LOAD_BALANCER_V2_TYPE, resourceId: forwardingArn },
      compliant: { resourceType: LOAD_BALANCER_V2_TYPE, resourceId: redirectingArn },
      failingRules: ['alb-http-to-https-redirection-check', 'elb-logging-enabled', 'alb-waf-enabled'],
      events,
      motoGaps: [
        `moto gives an HTTP listener an SslPolicy (ELB leaves it out; no rule reads it), and accepts access logs to a ` +
          `bucket that does not exist (${bucket}) where ELB checks the bucket policy.`,
        'elbv2-multiple-az is not seeded: both load balancers are ALBs, which ELB only creates in two or more ' +
          'zones, so neither can fail it (its one-zone case is a Network Load Balancer fixture in the unit tests).',
      ],
    };
  },
};
