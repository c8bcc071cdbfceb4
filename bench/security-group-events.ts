import { readFileSync } from 'node:fs';
import { configChangeEvent } from '#shared/local/events';

const FIXTURE = new URL('../test/fixtures/aws-ec2-securitygroup/ssh-open-to-world.json', import.meta.url)
  .pathname;

type SecurityGroupItem = Record<string, unknown> & {
  readonly awsAccountId: string;
  readonly awsRegion: string;
  readonly configuration: { readonly ipPermissions: readonly Record<string, unknown>[] };
};

let fixture: SecurityGroupItem | undefined;

/**
 * A Config change event of security group number `index` (ids prefixed `sg-<prefix>`), built from the
 * SSH-open fixture, with port 22 open to the world or that rule removed, at one capture time; a `revision`
 * becomes a tag, so items of different revisions differ in content.
 */
export function securityGroupEvent(
  prefix: string,
  index: number,
  captureTime: string,
  open: boolean,
  revision?: string,
): Record<string, unknown> {
  fixture ??= JSON.parse(readFileSync(FIXTURE, 'utf8')) as SecurityGroupItem;
  const item = fixture;
  const groupId = `sg-${prefix}${index.toString(16).padStart(9, '0')}`;
  const event = configChangeEvent(
    {
      ...item,
      resourceId: groupId,
      ARN: `arn:aws:ec2:${item.awsRegion}:${item.awsAccountId}:security-group/${groupId}`,
      configurationItemCaptureTime: captureTime,
      ...(revision === undefined ? {} : { tags: { revision } }),
      configuration: {
        ...item.configuration,
        groupId,
        ipPermissions: open ? item.configuration.ipPermissions : item.configuration.ipPermissions.slice(1),
      },
    },
    { id: `${prefix}-${index}-${captureTime}` },
  );
  // The benches' scenarios take plain records (the same shape the topic events have).
  return { ...event };
}
