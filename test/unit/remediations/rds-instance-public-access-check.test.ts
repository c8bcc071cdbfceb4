import { describe, expect, it } from 'vitest';
import { rdsInstancePublicAccessCheckRemediation as remediation } from '#shared/remediations/rds-instance-public-access-check';
import { withConfiguration } from '#test/support/fixtures';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::RDS::DBInstance';

describe('rds-instance-public-access-check: Turn off public accessibility', () => {
  it('modifies a public instance by its identifier, applied immediately', () => {
    const fixture = loadFixture(TYPE, 'mysql-public-single-az');
    const call = onlyCall(planOn(remediation, fixture));
    expect(call.service).toBe('rds');
    expect(call.input).toEqual({
      DBInstanceIdentifier: fixture.item.configuration?.dBInstanceIdentifier,
      PubliclyAccessible: false,
      ApplyImmediately: true,
    });
    expect(remediation.verification).toBe('deferred');
  });

  it('plans when publiclyAccessible is not recorded', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'mysql-public-single-az'), {
      publiclyAccessible: undefined,
    });
    expect(planOn(remediation, fixture).kind).toBe('calls');
  });

  it('does nothing for a private instance', () => {
    expect(planOn(remediation, loadFixture(TYPE, 'postgres-private-multi-az')).kind).toBe('none');
  });

  it.each(['modifying', 'backing-up', 'stopped'])('refuses an instance that is %s', (status) => {
    const fixture = withConfiguration(loadFixture(TYPE, 'mysql-public-single-az'), {
      dBInstanceStatus: status,
    });
    expect(planOn(remediation, fixture).kind).toBe('refused');
  });
});
