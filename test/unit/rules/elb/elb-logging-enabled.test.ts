import { describe, expect, it } from 'vitest';
import { elbLoggingEnabled as rule } from '#shared/rules/elb/elb-logging-enabled';
import { RuleEngine } from '#shared/rules/engine';
import { EMPTY_INVENTORY } from '#shared/rules/inventory';
import { evaluateFixture, loadFixture, withSupplementary } from '#test/support/fixtures';

const CLASSIC = 'AWS::ElasticLoadBalancing::LoadBalancer';
const V2 = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const BUCKET = 'acme-elb-logs-123456789012';

describe(`${rule.id}: ${rule.title}`, () => {
  describe('Classic Load Balancers', () => {
    it('passes one that logs to S3', () => {
      expect(evaluateFixture(rule, loadFixture(CLASSIC, 'tls-only-with-access-logs'))).toEqual({
        compliance: 'COMPLIANT',
        annotation: `legacy-web delivers access logs to ${BUCKET}.`,
      });
    });

    it('fails one with access logs disabled', () => {
      expect(evaluateFixture(rule, loadFixture(CLASSIC, 'http-listener-no-access-logs'))).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'Access logging is disabled on legacy-admin.',
      });
    });

    it('reads the API PascalCase spelling of the attributes too', () => {
      const fixture = withSupplementary(loadFixture(CLASSIC, 'http-listener-no-access-logs'), {
        LoadBalancerAttributes: { AccessLog: { Enabled: true, S3BucketName: BUCKET, EmitInterval: 5 } },
      });
      expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
    });

    it('gives no verdict on one whose attributes were not recorded', () => {
      const fixture = withSupplementary(loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
        LoadBalancerAttributes: undefined,
      });
      expect(evaluateFixture(rule, fixture)).toEqual({
        compliance: 'NOT_APPLICABLE',
        annotation: 'Access log attributes of legacy-web were not recorded.',
      });
    });
  });

  describe('Application Load Balancers', () => {
    it('passes one that logs to S3', () => {
      expect(evaluateFixture(rule, loadFixture(V2, 'alb-redirects-http-with-access-logs')).compliance).toBe(
        'COMPLIANT',
      );
    });

    it('fails one with access_logs.s3.enabled=false', () => {
      expect(evaluateFixture(rule, loadFixture(V2, 'alb-forwards-http-no-access-logs'))).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'Access logging is disabled on internal-tools.',
      });
    });

    it('reads Key/Value attribute pairs as the API spells them', () => {
      const fixture = withSupplementary(loadFixture(V2, 'alb-forwards-http-no-access-logs'), {
        LoadBalancerAttributes: [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: BUCKET },
        ],
      });
      expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
    });

    it('gives no verdict on one whose attributes were not recorded', () => {
      const fixture = withSupplementary(loadFixture(V2, 'alb-redirects-http-with-access-logs'), {
        LoadBalancerAttributes: null,
      });
      expect(evaluateFixture(rule, fixture).compliance).toBe('NOT_APPLICABLE');
    });

    it('is NOT_APPLICABLE to a Network Load Balancer, like the managed rule', () => {
      expect(evaluateFixture(rule, loadFixture(V2, 'nlb-tcp')).compliance).toBe('NOT_APPLICABLE');
    });
  });

  it.each([
    [CLASSIC, 'tls-only-with-access-logs', BUCKET, 'COMPLIANT'],
    [CLASSIC, 'tls-only-with-access-logs', 'other-bucket', 'NON_COMPLIANT'],
    [V2, 'alb-redirects-http-with-access-logs', `other-bucket, ${BUCKET}`, 'COMPLIANT'],
    [V2, 'alb-redirects-http-with-access-logs', 'other-bucket', 'NON_COMPLIANT'],
  ] as const)('%s %s with s3BucketNames "%s" is %s', (type, name, s3BucketNames, expected) => {
    expect(evaluateFixture(rule, loadFixture(type, name), { parameters: { s3BucketNames } }).compliance).toBe(
      expected,
    );
  });

  it('names the actual bucket when it is not an allowed one', () => {
    const verdict = evaluateFixture(rule, loadFixture(CLASSIC, 'tls-only-with-access-logs'), {
      parameters: { s3BucketNames: 'central-logs' },
    });
    expect(verdict.annotation).toBe(`legacy-web logs to ${BUCKET}, not to one of central-logs.`);
  });

  it.each([CLASSIC, V2])('reports a deleted %s as NOT_APPLICABLE through the engine', (type) => {
    const [evaluation] = new RuleEngine([rule]).evaluate(loadFixture(type, 'deleted').item, {
      now: new Date('2026-11-23T12:00:00Z'),
      inventory: EMPTY_INVENTORY,
    });
    expect(evaluation?.compliance).toBe('NOT_APPLICABLE');
  });
});
