import { describe, expect, it } from 'vitest';
import { restrictedSshRemediation as remediation, worldOpenPart } from '#shared/remediations/restricted-ssh';
import { withConfiguration } from '#test/support/fixtures';
import { loadFixture, onlyCall, planOn } from './support';

const TYPE = 'AWS::EC2::SecurityGroup';

describe('restricted-ssh: Revoke inbound rules that open SSH to the internet', () => {
  it('revokes only the port-22 permission, keeping 443 open to the world', () => {
    const fixture = loadFixture(TYPE, 'ssh-open-to-world');
    const call = onlyCall(planOn(remediation, fixture));
    expect(call.operation).toBe('RevokeSecurityGroupIngress');
    expect(call.input).toEqual({
      GroupId: fixture.item.configuration?.groupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    });
  });

  it('revokes an all-traffic rule for its world-open sources (IPv4 and IPv6), without ports', () => {
    const call = onlyCall(planOn(remediation, loadFixture(TYPE, 'all-traffic-open')));
    expect(call.input).toMatchObject({
      IpPermissions: [
        { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ],
    });
    const [permission] = (call.input as { IpPermissions: Record<string, unknown>[] }).IpPermissions;
    expect(permission).not.toHaveProperty('FromPort');
  });

  it('keeps narrower sources of the same rule', () => {
    const fixture = withConfiguration(loadFixture(TYPE, 'ssh-open-to-world'), {
      ipPermissions: [
        {
          ipProtocol: 'tcp',
          fromPort: 20,
          toPort: 25,
          ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }, { cidrIp: '0.0.0.0/0' }],
          ipRanges: ['10.0.0.0/8', '0.0.0.0/0'],
          ipv6Ranges: [{ cidrIpv6: '::/0' }],
        },
      ],
    });
    expect(onlyCall(planOn(remediation, fixture)).input).toEqual({
      GroupId: fixture.item.configuration?.groupId,
      IpPermissions: [
        {
          IpProtocol: 'tcp',
          FromPort: 20,
          ToPort: 25,
          IpRanges: [{ CidrIp: '0.0.0.0/0' }],
          Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        },
      ],
    });
  });

  it.each(['web-https-only', 'internal-only', 'rdp-open-ipv6'])('does nothing for %s', (name) => {
    expect(planOn(remediation, loadFixture(TYPE, name)).kind).toBe('none');
  });

  it('refuses when the group id is not recorded', () => {
    const fixture = loadFixture(TYPE, 'ssh-open-to-world');
    const broken = {
      ...fixture,
      item: {
        ...fixture.item,
        resourceId: 'unknown',
        configuration: { ...fixture.item.configuration, groupId: undefined },
      },
    };
    expect(planOn(remediation, broken).kind).toBe('refused');
  });

  it('worldOpenPart maps protocol names back to what EC2 accepts', () => {
    expect(worldOpenPart({ ipProtocol: 'all' }, ['0.0.0.0/0'])).toEqual({
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
    });
  });
});
