import { VOLUME_TYPE, type VolumeConfiguration } from '#shared/resources/ec2';
import { compliant, nonCompliant, notApplicable, type Rule } from '#shared/rules/rule';

const ATTACHED_STATES: ReadonlySet<string> = new Set(['attaching', 'attached', 'busy']);

/** The instances a volume is attached to (or being attached to). */
function attachedInstances(configuration: VolumeConfiguration | null): readonly string[] {
  return (configuration?.attachments ?? [])
    .filter((attachment) => attachment.state === undefined || ATTACHED_STATES.has(attachment.state))
    .map((attachment) => attachment.instanceId ?? 'an instance');
}

/** A key id from a key ARN (`arn:…:key/<id>`) or a bare key id, for comparing the two spellings. */
function keyIdOf(key: string): string {
  return /:key\/(.+)$/.exec(key.trim())?.[1] ?? key.trim();
}

/**
 * Attached EBS volumes are encrypted, and with one of the `kmsId` keys when that parameter is set
 * (key ids or key ARNs, comma-separated; aliases cannot be resolved from a configuration item and never
 * match). Volumes attached to no instance are NOT_APPLICABLE, as in the managed rule. `attachments` and
 * `encrypted` are always recorded; a volume without them was not collected and is NOT_APPLICABLE too.
 * @see https://docs.aws.amazon.com/config/latest/developerguide/encrypted-volumes.html
 */
export const encryptedVolumes = {
  id: 'encrypted-volumes',
  title: 'Attached EBS volumes are encrypted',
  resourceTypes: [VOLUME_TYPE],
  severity: 'medium',
  managedRule: true,
  parameters: {
    kmsId: {
      type: 'string-list',
      default: [],
      description: 'ID or ARN of the KMS key(s) volumes must be encrypted with; empty accepts any key.',
    },
  },
  rationale: 'Unencrypted volumes and their snapshots expose data to anyone who obtains a copy of the disk.',
  remediationAdvice:
    'Snapshot the volume, copy the snapshot with `--encrypted --kms-key-id <key>`, create a volume from it and swap it in; turn on EBS encryption by default so new volumes are encrypted.',
  evaluate(item, { parameters }) {
    const configuration = item.configuration;
    const volumeId = configuration?.volumeId ?? item.resourceId;
    if (!Array.isArray(configuration?.attachments)) {
      return notApplicable(`The attachments of volume ${volumeId} were not recorded.`);
    }
    const instances = attachedInstances(configuration);
    if (instances.length === 0) return notApplicable(`Volume ${volumeId} is not attached to an instance.`);
    const target = instances.join(', ');
    if (typeof configuration?.encrypted !== 'boolean') {
      return notApplicable(`Whether volume ${volumeId} attached to ${target} is encrypted was not recorded.`);
    }
    if (!configuration.encrypted) {
      return nonCompliant(`Volume ${volumeId} attached to ${target} is not encrypted.`);
    }
    const key = configuration.kmsKeyId ?? undefined;
    if (parameters.kmsId.length > 0) {
      const allowed = new Set(parameters.kmsId.map(keyIdOf));
      if (key === undefined || !allowed.has(keyIdOf(key))) {
        return nonCompliant(
          `Volume ${volumeId} is encrypted with ${key ?? 'an unrecorded key'}, not with a key listed in kmsId.`,
        );
      }
    }
    return compliant(`Volume ${volumeId} attached to ${target} is encrypted${key ? ` with ${key}` : ''}.`);
  },
} as const satisfies Rule<{ kmsId: readonly string[] }, VolumeConfiguration>;
