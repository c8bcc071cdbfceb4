import { describe, expect, it } from 'vitest';
import { ec2VolumeInuseCheck as rule } from '#shared/rules/ec2/ec2-volume-inuse-check';
import { evaluateFixture, loadFixture, withConfiguration } from '#test/support/fixtures';

const VOLUME = 'AWS::EC2::Volume';

const attachment = (state: string, deleteOnTermination: boolean | null) => ({
  attachTime: '2026-03-02T14:05:34.000Z',
  device: '/dev/sdf',
  instanceId: 'i-0a4f3c2b1d0e9f871',
  state,
  volumeId: 'vol-0d2c4e6f8a0b1c3d5',
  deleteOnTermination,
});

describe(`${rule.id}: ${rule.title}`, () => {
  it.each([
    ['encrypted-attached', 'COMPLIANT', 'Volume vol-0d2c4e6f8a0b1c3d5 is attached to i-0a4f3c2b1d0e9f871.'],
    [
      'unencrypted-available',
      'NON_COMPLIANT',
      'Volume vol-0e4d3c2b1a0f9e8d7 is not attached to any instance.',
    ],
    ['deleted', 'NOT_APPLICABLE', 'Resource status is ResourceDeleted.'],
  ] as const)('judges %s as %s', (name, compliance, annotation) => {
    expect(evaluateFixture(rule, loadFixture(VOLUME, name))).toEqual({ compliance, annotation });
  });

  it.each([
    ['attaching', 'COMPLIANT'],
    ['busy', 'COMPLIANT'],
    ['detaching', 'NON_COMPLIANT'],
    ['detached', 'NON_COMPLIANT'],
  ] as const)('reads an attachment %s as %s', (state, compliance) => {
    const fixture = withConfiguration(loadFixture(VOLUME, 'encrypted-attached'), {
      attachments: [attachment(state, true)],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe(compliance);
  });

  it.each([
    [
      'deleted with its instance',
      true,
      'COMPLIANT',
      'Volume vol-0d2c4e6f8a0b1c3d5 is attached to i-0a4f3c2b1d0e9f871 and deleted on its termination.',
    ],
    [
      'kept after its instance',
      false,
      'NON_COMPLIANT',
      'Volume vol-0d2c4e6f8a0b1c3d5 is attached to i-0a4f3c2b1d0e9f871 but is not deleted on termination of i-0a4f3c2b1d0e9f871.',
    ],
    [
      'with deleteOnTermination not recorded',
      null,
      'NON_COMPLIANT',
      'Volume vol-0d2c4e6f8a0b1c3d5 is attached to i-0a4f3c2b1d0e9f871 but is not deleted on termination of i-0a4f3c2b1d0e9f871.',
    ],
  ] as const)(
    'with deleteOnTermination true, judges a volume %s',
    (_case, deleteOnTermination, compliance, annotation) => {
      const fixture = withConfiguration(loadFixture(VOLUME, 'encrypted-attached'), {
        attachments: [attachment('attached', deleteOnTermination)],
      });
      expect(evaluateFixture(rule, fixture, { parameters: { deleteOnTermination: 'true' } })).toEqual({
        compliance,
        annotation,
      });
    },
  );

  it('ignores deleteOnTermination unless the parameter asks for it', () => {
    const fixture = withConfiguration(loadFixture(VOLUME, 'encrypted-attached'), {
      attachments: [attachment('attached', false)],
    });
    expect(evaluateFixture(rule, fixture).compliance).toBe('COMPLIANT');
  });

  it('gives no verdict when the attachments were not recorded', () => {
    const fixture = withConfiguration(loadFixture(VOLUME, 'encrypted-attached'), { attachments: undefined });
    expect(evaluateFixture(rule, fixture)).toEqual({
      compliance: 'NOT_APPLICABLE',
      annotation: 'The attachments of volume vol-0d2c4e6f8a0b1c3d5 were not recorded.',
    });
  });
});
