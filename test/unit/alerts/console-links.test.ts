import { describe, expect, it } from 'vitest';
import { consoleUrlFor } from '#shared/alerts/console-links';

describe('consoleUrlFor', () => {
  it.each([
    [
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-0abc', region: 'eu-west-1' },
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-0abc',
    ],
    [
      {
        resourceType: 'AWS::RDS::DBInstance',
        resourceId: 'db-ABCDEF',
        region: 'us-east-1',
        arn: 'arn:aws:rds:us-east-1:123456789012:db:orders',
      },
      'https://us-east-1.console.aws.amazon.com/rds/home?region=us-east-1#database:id=orders;is-cluster=false',
    ],
    [
      { resourceType: 'AWS::Logs::LogGroup', resourceId: '/aws/lambda/fn', region: 'us-east-1' },
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Ffn',
    ],
    [
      {
        resourceType: 'AWS::IAM::Role',
        resourceId: 'AROAEXAMPLE',
        resourceName: 'deployer',
        region: 'global',
      },
      'https://console.aws.amazon.com/iam/home#/roles/details/deployer',
    ],
    [
      { resourceType: 'AWS::S3::Bucket', resourceId: 'logs', region: 'cn-north-1' },
      'https://cn-north-1.console.amazonaws.cn/s3/buckets/logs?region=cn-north-1&tab=permissions',
    ],
  ])('links %o to its service page', (resource, url) => {
    expect(consoleUrlFor(resource)).toBe(url);
  });

  it('falls back to the AWS Config timeline for other types, and for IAM items without a name', () => {
    expect(
      consoleUrlFor({ resourceType: 'AWS::EFS::FileSystem', resourceId: 'fs-1', region: 'us-east-2' }),
    ).toBe(
      'https://us-east-2.console.aws.amazon.com/config/home?region=us-east-2#/resources/timeline?resourceId=fs-1&resourceType=AWS%3A%3AEFS%3A%3AFileSystem',
    );
    expect(
      consoleUrlFor({ resourceType: 'AWS::IAM::User', resourceId: 'AIDAEXAMPLE', region: 'global' }),
    ).toContain('/config/home?region=us-east-1#/resources/timeline?resourceId=AIDAEXAMPLE');
  });
});
