import { VOLUME_TYPE, type VolumeConfiguration } from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

/** Attachment states in which the volume is (or is becoming) attached to an instance. */
const IN_USE: ReadonlySet<string> = new Set(['attaching', 'attached', 'busy']);

/**
 * EBS volumes are attached to an instance: one of `configuration.attachments` is attaching, attached or
 * busy (EC2 detaches a volume when its instance terminates, so an attachment outlives the instance only
 * while termination completes). With `deleteOnTermination` true, each such attachment must also delete the
 * volume with its instance. A volume whose attachments were not recorded (EC2 and Config always give the
 * list, empty when unattached) is NOT_APPLICABLE.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/ec2-volume-inuse-check.html
 */
export const ec2VolumeInuseCheck = {
  id: 'ec2-volume-inuse-check',
  title: 'EBS volumes are attached to an instance',
  resourceTypes: [VOLUME_TYPE],
  severity: 'low',
  managedRule: true,
  parameters: {
    deleteOnTermination: {
      type: 'boolean',
      default: false,
      description: 'When true, attached volumes must also be deleted when their instance terminates.',
    },
  },
  rationale:
    'Unattached volumes are forgotten copies of data nobody reviews or patches, and they are billed for as long as they exist.',
  remediationAdvice:
    'Snapshot and delete a volume nobody needs (`aws ec2 create-snapshot --volume-id <id>`, then `aws ec2 delete-volume --volume-id <id>`), or attach it where it belongs.',
  evaluate(item, { parameters }) {
    const id = item.configuration?.volumeId ?? item.resourceId;
    const attachments = item.configuration?.attachments;
    if (!Array.isArray(attachments))
      return notApplicable(`The attachments of volume ${id} were not recorded.`);
    const inUse = attachments.filter((attachment) => IN_USE.has(attachment.state?.toLowerCase() ?? ''));
    if (inUse.length === 0) return nonCompliant(`Volume ${id} is not attached to any instance.`);
    const instances = inUse.map((attachment) => attachment.instanceId ?? 'an instance').join(', ');
    if (parameters.deleteOnTermination) {
      const kept = inUse.filter((attachment) => attachment.deleteOnTermination !== true);
      if (kept.length > 0) {
        const keptBy = kept.map((attachment) => attachment.instanceId ?? 'an instance').join(', ');
        return nonCompliant(
          `Volume ${id} is attached to ${instances} but is not deleted on termination of ${keptBy}.`,
        );
      }
      return compliant(`Volume ${id} is attached to ${instances} and deleted on its termination.`);
    }
    return compliant(`Volume ${id} is attached to ${instances}.`);
  },
} as const satisfies Rule<{ deleteOnTermination: boolean }, VolumeConfiguration>;
