import { describe, expect, it } from 'vitest';
import { ec2Imdsv2CheckRemediation as remediation } from '#shared/remediations/ec2-imdsv2-check';
import { withConfiguration } from '#test/support/fixtures';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::EC2::Instance';

describe('ec2-imdsv2-check: Require IMDSv2 session tokens', () => {
  it.each(['imdsv1-optional-public-ip', 'stopped-imdsv1-optional'])(
    'requires tokens on %s, nothing else',
    (name) => {
      const fixture = loadFixture(TYPE, name);
      const call = onlyCall(planOn(remediation, fixture));
      expect(call.operation).toBe('ModifyInstanceMetadataOptions');
      expect(call.input).toEqual({ InstanceId: fixture.item.resourceId, HttpTokens: 'required' });
    },
  );

  it('requires tokens when metadata options are not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'imdsv1-optional-public-ip'), {
      metadataOptions: null,
    });
    expect(onlyCall(planOn(remediation, fixture)).description).toContain('not recorded');
  });

  it.each(['imdsv2-required-private', 'terminated'])('does nothing for %s', (name) => {
    expect(planOn(remediation, loadFixture(TYPE, name)).kind).toBe('none');
  });
});
