import { configurationItem, type RawConfigurationItem } from './envelope';

function paymentsPublicA(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::EC2::Subnet',
    resourceId: 'subnet-0a1b2c3d4e5f60789',
    resourceName: 'payments-public-a',
    arn: 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0a1b2c3d4e5f60789',
    captureTime: '2026-11-19T10:02:11.204Z',
    availabilityZone: 'us-east-1a',
    tags: {
      Name: 'payments-public-a',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0f1e2d3c4b5a69788',
        name: 'Is contained in Vpc',
      },
      {
        resourceType: 'AWS::EC2::NetworkAcl',
        resourceId: 'acl-0f1e2d3c4b5a69788',
        name: 'Is associated with NetworkAcl',
      },
    ],
    configuration: {
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-az1',
      availableIpAddressCount: 243,
      cidrBlock: '10.20.0.0/24',
      defaultForAz: false,
      mapPublicIpOnLaunch: true,
      mapCustomerOwnedIpOnLaunch: false,
      state: 'available',
      subnetId: 'subnet-0a1b2c3d4e5f60789',
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      ownerId: '123456789012',
      assignIpv6AddressOnCreation: false,
      ipv6CidrBlockAssociationSet: [],
      tags: [
        {
          key: 'Name',
          value: 'payments-public-a',
        },
      ],
      subnetArn: 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0a1b2c3d4e5f60789',
      enableDns64: false,
      ipv6Native: false,
      privateDnsNameOptionsOnLaunch: {
        hostnameType: 'ip-name',
        enableResourceNameDnsARecord: false,
        enableResourceNameDnsAAAARecord: false,
      },
    },
  });
}

function paymentsPrivateA(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::EC2::Subnet',
    resourceId: 'subnet-0aa11bb22cc33dd44',
    resourceName: 'payments-private-a',
    arn: 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0aa11bb22cc33dd44',
    captureTime: '2026-11-19T10:02:14.877Z',
    availabilityZone: 'us-east-1a',
    tags: {
      Name: 'payments-private-a',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0f1e2d3c4b5a69788',
        name: 'Is contained in Vpc',
      },
      {
        resourceType: 'AWS::EC2::NetworkAcl',
        resourceId: 'acl-0f1e2d3c4b5a69788',
        name: 'Is associated with NetworkAcl',
      },
    ],
    configuration: {
      availabilityZone: 'us-east-1a',
      availabilityZoneId: 'use1-az1',
      availableIpAddressCount: 250,
      cidrBlock: '10.20.10.0/24',
      defaultForAz: false,
      mapPublicIpOnLaunch: false,
      mapCustomerOwnedIpOnLaunch: false,
      state: 'available',
      subnetId: 'subnet-0aa11bb22cc33dd44',
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      ownerId: '123456789012',
      assignIpv6AddressOnCreation: false,
      ipv6CidrBlockAssociationSet: [],
      tags: [
        {
          key: 'Name',
          value: 'payments-private-a',
        },
      ],
      subnetArn: 'arn:aws:ec2:us-east-1:123456789012:subnet/subnet-0aa11bb22cc33dd44',
      enableDns64: false,
      ipv6Native: false,
      privateDnsNameOptionsOnLaunch: {
        hostnameType: 'ip-name',
        enableResourceNameDnsARecord: false,
        enableResourceNameDnsAAAARecord: false,
      },
    },
  });
}

function prodDefaultAcl(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::EC2::NetworkAcl',
    resourceId: 'acl-0f1e2d3c4b5a69788',
    arn: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-0f1e2d3c4b5a69788',
    captureTime: '2026-11-19T10:02:11.204Z',
    availabilityZone: 'Multiple Availability Zones',
    relationships: [
      {
        resourceType: 'AWS::EC2::Subnet',
        resourceId: 'subnet-0a1b2c3d4e5f60789',
        name: 'Is attached to Subnet',
      },
      {
        resourceType: 'AWS::EC2::Subnet',
        resourceId: 'subnet-0b2c3d4e5f6a70891',
        name: 'Is attached to Subnet',
      },
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0f1e2d3c4b5a69788',
        name: 'Is contained in Vpc',
      },
    ],
    configuration: {
      associations: [
        {
          networkAclAssociationId: 'aclassoc-0b1c2d3e4f5a60718',
          networkAclId: 'acl-0f1e2d3c4b5a69788',
          subnetId: 'subnet-0a1b2c3d4e5f60789',
        },
        {
          networkAclAssociationId: 'aclassoc-0c1d2e3f4a5b60718',
          networkAclId: 'acl-0f1e2d3c4b5a69788',
          subnetId: 'subnet-0b2c3d4e5f6a70891',
        },
      ],
      entries: [
        {
          cidrBlock: '0.0.0.0/0',
          egress: true,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
        {
          cidrBlock: null,
          egress: true,
          icmpTypeCode: null,
          ipv6CidrBlock: '::/0',
          portRange: null,
          protocol: '-1',
          ruleAction: 'allow',
          ruleNumber: 101,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: true,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'deny',
          ruleNumber: 32767,
        },
        {
          cidrBlock: null,
          egress: true,
          icmpTypeCode: null,
          ipv6CidrBlock: '::/0',
          portRange: null,
          protocol: '-1',
          ruleAction: 'deny',
          ruleNumber: 32768,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
        {
          cidrBlock: null,
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: '::/0',
          portRange: null,
          protocol: '-1',
          ruleAction: 'allow',
          ruleNumber: 101,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'deny',
          ruleNumber: 32767,
        },
        {
          cidrBlock: null,
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: '::/0',
          portRange: null,
          protocol: '-1',
          ruleAction: 'deny',
          ruleNumber: 32768,
        },
      ],
      isDefault: true,
      networkAclId: 'acl-0f1e2d3c4b5a69788',
      tags: [],
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      ownerId: '123456789012',
    },
  });
}

function paymentsPrivateAcl(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::EC2::NetworkAcl',
    resourceId: 'acl-0e9d8c7b6a5f40312',
    resourceName: 'payments-private',
    arn: 'arn:aws:ec2:us-east-1:123456789012:network-acl/acl-0e9d8c7b6a5f40312',
    captureTime: '2026-11-20T15:44:02.918Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      Name: 'payments-private',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0f1e2d3c4b5a69788',
        name: 'Is contained in Vpc',
      },
    ],
    configuration: {
      associations: [],
      entries: [
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: {
            from: 443,
            to: 443,
          },
          protocol: '6',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
        {
          cidrBlock: '10.20.0.0/16',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: {
            from: 22,
            to: 22,
          },
          protocol: '6',
          ruleAction: 'allow',
          ruleNumber: 110,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: {
            from: 32768,
            to: 65535,
          },
          protocol: '6',
          ruleAction: 'allow',
          ruleNumber: 120,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: {
            from: 3389,
            to: 3389,
          },
          protocol: '17',
          ruleAction: 'deny',
          ruleNumber: 130,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: false,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'deny',
          ruleNumber: 32767,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: true,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'allow',
          ruleNumber: 100,
        },
        {
          cidrBlock: '0.0.0.0/0',
          egress: true,
          icmpTypeCode: null,
          ipv6CidrBlock: null,
          portRange: null,
          protocol: '-1',
          ruleAction: 'deny',
          ruleNumber: 32767,
        },
      ],
      isDefault: false,
      networkAclId: 'acl-0e9d8c7b6a5f40312',
      tags: [
        {
          key: 'Name',
          value: 'payments-private',
        },
      ],
      vpcId: 'vpc-0f1e2d3c4b5a69788',
      ownerId: '123456789012',
    },
  });
}

function paymentsGateway(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::EC2::InternetGateway',
    resourceId: 'igw-0b1c2d3e4f5a60718',
    resourceName: 'payments-igw',
    arn: 'arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-0b1c2d3e4f5a60718',
    captureTime: '2026-11-19T10:01:58.442Z',
    tags: {
      Name: 'payments-igw',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0f1e2d3c4b5a69788',
        name: 'Is attached to Vpc',
      },
    ],
    configuration: {
      attachments: [
        {
          state: 'available',
          vpcId: 'vpc-0f1e2d3c4b5a69788',
        },
      ],
      internetGatewayId: 'igw-0b1c2d3e4f5a60718',
      ownerId: '123456789012',
      tags: [
        {
          key: 'Name',
          value: 'payments-igw',
        },
      ],
    },
  });
}

function leftoverGateway(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::EC2::InternetGateway',
    resourceId: 'igw-0e7f6a5b4c3d21098',
    arn: 'arn:aws:ec2:us-east-1:123456789012:internet-gateway/igw-0e7f6a5b4c3d21098',
    captureTime: '2026-11-20T16:12:30.015Z',
    configuration: {
      attachments: [],
      internetGatewayId: 'igw-0e7f6a5b4c3d21098',
      ownerId: '123456789012',
      tags: [],
    },
  });
}

/** Subnets, network ACLs and internet gateways of the production VPC. */
export function subnetResources(): RawConfigurationItem[] {
  return [
    paymentsPublicA(),
    paymentsPrivateA(),
    prodDefaultAcl(),
    paymentsPrivateAcl(),
    paymentsGateway(),
    leftoverGateway(),
  ];
}
