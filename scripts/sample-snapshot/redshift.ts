import { configurationItem, type RawConfigurationItem } from './envelope';

function financeWarehouse(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::Redshift::Cluster',
    resourceId: 'finance-warehouse',
    resourceName: 'finance-warehouse',
    arn: 'arn:aws:redshift:us-east-1:123456789012:cluster:finance-warehouse',
    captureTime: '2026-11-22T08:14:37.512Z',
    createdAt: '2025-03-04T10:21:55.108Z',
    availabilityZone: 'us-east-1b',
    tags: {
      team: 'finance-data',
      environment: 'production',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0c3d5e7f9a1b2c4d6',
        name: 'Is contained in Vpc',
      },
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0d9c8b7a6f5e4d3c2',
        name: 'Is associated with SecurityGroup',
      },
      {
        resourceType: 'AWS::KMS::Key',
        resourceId: '5b2d7e1c-8a43-4f96-b0c1-2e7d9a6f3b84',
        name: 'Is associated with KmsKey',
      },
    ],
    configuration: {
      clusterIdentifier: 'finance-warehouse',
      nodeType: 'ra3.xlplus',
      clusterStatus: 'available',
      clusterAvailabilityStatus: 'Available',
      masterUsername: 'warehouse_admin',
      dBName: 'finance',
      endpoint: {
        address: 'finance-warehouse.c7xk2pdl9qzm.us-east-1.redshift.amazonaws.com',
        port: 5439,
      },
      clusterCreateTime: '2025-03-04T10:21:55.108Z',
      automatedSnapshotRetentionPeriod: 7,
      manualSnapshotRetentionPeriod: -1,
      clusterSecurityGroups: [],
      vpcSecurityGroups: [
        {
          vpcSecurityGroupId: 'sg-0d9c8b7a6f5e4d3c2',
          status: 'active',
        },
      ],
      clusterParameterGroups: [
        {
          parameterGroupName: 'finance-tls-only',
          parameterApplyStatus: 'in-sync',
        },
      ],
      clusterSubnetGroupName: 'finance-private',
      vpcId: 'vpc-0c3d5e7f9a1b2c4d6',
      availabilityZone: 'us-east-1b',
      preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      pendingModifiedValues: {},
      clusterVersion: '1.0',
      allowVersionUpgrade: true,
      numberOfNodes: 2,
      publiclyAccessible: false,
      encrypted: true,
      clusterPublicKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7redacted Amazon-Redshift\n',
      clusterNodes: [
        {
          nodeRole: 'LEADER',
          privateIPAddress: '10.40.12.31',
        },
        {
          nodeRole: 'COMPUTE-0',
          privateIPAddress: '10.40.12.47',
        },
        {
          nodeRole: 'COMPUTE-1',
          privateIPAddress: '10.40.13.22',
        },
      ],
      clusterRevisionNumber: '84213',
      tags: [
        {
          key: 'team',
          value: 'finance-data',
        },
        {
          key: 'environment',
          value: 'production',
        },
      ],
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/3f6b1c2e-8d4a-4b7e-9a51-0c2d7e4f9b13',
      enhancedVpcRouting: true,
      iamRoles: [
        {
          iamRoleArn: 'arn:aws:iam::123456789012:role/finance-warehouse-s3-load',
          applyStatus: 'in-sync',
        },
      ],
      pendingActions: [],
      maintenanceTrackName: 'current',
      elasticResizeNumberOfNodeOptions: '[4]',
    },
    supplementaryConfiguration: {
      LoggingStatus: {
        loggingEnabled: true,
        logDestinationType: 'cloudwatch',
        logExports: ['connectionlog', 'useractivitylog', 'userlog'],
      },
      ClusterParameterGroupRequireSsl: {
        parameterGroupName: 'finance-tls-only',
        value: 'true',
      },
    },
  });
}

function marketingSandbox(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::Redshift::Cluster',
    resourceId: 'marketing-sandbox',
    resourceName: 'marketing-sandbox',
    arn: 'arn:aws:redshift:us-east-1:123456789012:cluster:marketing-sandbox',
    captureTime: '2026-11-22T08:14:37.512Z',
    createdAt: '2024-06-17T15:02:11.904Z',
    availabilityZone: 'us-east-1a',
    tags: {
      team: 'growth',
      environment: 'sandbox',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-0c3d5e7f9a1b2c4d6',
        name: 'Is contained in Vpc',
      },
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0d9c8b7a6f5e4d3c2',
        name: 'Is associated with SecurityGroup',
      },
    ],
    configuration: {
      clusterIdentifier: 'marketing-sandbox',
      nodeType: 'dc2.large',
      clusterStatus: 'available',
      clusterAvailabilityStatus: 'Available',
      masterUsername: 'awsuser',
      dBName: 'dev',
      endpoint: {
        address: 'marketing-sandbox.c7xk2pdl9qzm.us-east-1.redshift.amazonaws.com',
        port: 5439,
      },
      clusterCreateTime: '2024-06-17T15:02:11.904Z',
      automatedSnapshotRetentionPeriod: 0,
      manualSnapshotRetentionPeriod: -1,
      clusterSecurityGroups: [],
      vpcSecurityGroups: [
        {
          vpcSecurityGroupId: 'sg-0d9c8b7a6f5e4d3c2',
          status: 'active',
        },
      ],
      clusterParameterGroups: [
        {
          parameterGroupName: 'default.redshift-1.0',
          parameterApplyStatus: 'in-sync',
        },
      ],
      clusterSubnetGroupName: 'default',
      vpcId: 'vpc-0c3d5e7f9a1b2c4d6',
      availabilityZone: 'us-east-1a',
      preferredMaintenanceWindow: 'wed:07:30-wed:08:00',
      pendingModifiedValues: {},
      clusterVersion: '1.0',
      allowVersionUpgrade: false,
      numberOfNodes: 1,
      publiclyAccessible: true,
      encrypted: false,
      clusterPublicKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7redacted Amazon-Redshift\n',
      clusterNodes: [
        {
          nodeRole: 'SHARED',
          privateIPAddress: '10.40.2.18',
          publicIPAddress: '54.210.33.87',
        },
      ],
      clusterRevisionNumber: '84213',
      tags: [
        {
          key: 'team',
          value: 'growth',
        },
        {
          key: 'environment',
          value: 'sandbox',
        },
      ],
      enhancedVpcRouting: false,
      iamRoles: [],
      pendingActions: [],
      maintenanceTrackName: 'current',
      elasticResizeNumberOfNodeOptions: '[2,4]',
      elasticIpStatus: {
        elasticIp: '54.210.33.87',
        status: 'active',
      },
    },
    supplementaryConfiguration: {
      LoggingStatus: {
        loggingEnabled: false,
      },
      ClusterParameterGroupRequireSsl: {
        parameterGroupName: 'default.redshift-1.0',
        value: 'false',
      },
    },
  });
}

function opsMetrics(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::Redshift::Cluster',
    resourceId: 'ops-metrics',
    resourceName: 'ops-metrics',
    arn: 'arn:aws:redshift:eu-west-1:123456789012:cluster:ops-metrics',
    region: 'eu-west-1',
    captureTime: '2026-11-22T08:14:37.512Z',
    createdAt: '2025-03-04T10:21:55.108Z',
    availabilityZone: 'eu-west-1c',
    tags: {
      team: 'sre',
    },
    configuration: {
      clusterIdentifier: 'ops-metrics',
      nodeType: 'ra3.4xlarge',
      clusterStatus: 'available',
      clusterAvailabilityStatus: 'Available',
      masterUsername: 'warehouse_admin',
      dBName: 'finance',
      endpoint: {
        address: 'ops-metrics.d2ab8xq1zt4n.eu-west-1.redshift.amazonaws.com',
        port: 5439,
      },
      clusterCreateTime: '2025-03-04T10:21:55.108Z',
      automatedSnapshotRetentionPeriod: 35,
      manualSnapshotRetentionPeriod: -1,
      clusterSecurityGroups: [],
      vpcSecurityGroups: [
        {
          vpcSecurityGroupId: 'sg-0d9c8b7a6f5e4d3c2',
          status: 'active',
        },
      ],
      clusterParameterGroups: [
        {
          parameterGroupName: 'ops-metrics-params',
          parameterApplyStatus: 'pending-reboot',
        },
      ],
      clusterSubnetGroupName: 'finance-private',
      vpcId: 'vpc-0e71b5c9a2d8f4361',
      availabilityZone: 'eu-west-1c',
      preferredMaintenanceWindow: 'sun:05:00-sun:05:30',
      pendingModifiedValues: {},
      clusterVersion: '1.0',
      allowVersionUpgrade: true,
      numberOfNodes: 2,
      publiclyAccessible: false,
      encrypted: true,
      clusterPublicKey: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7redacted Amazon-Redshift\n',
      clusterNodes: [
        {
          nodeRole: 'LEADER',
          privateIPAddress: '10.40.12.31',
        },
        {
          nodeRole: 'COMPUTE-0',
          privateIPAddress: '10.40.12.47',
        },
        {
          nodeRole: 'COMPUTE-1',
          privateIPAddress: '10.40.13.22',
        },
      ],
      clusterRevisionNumber: '84213',
      tags: [
        {
          key: 'team',
          value: 'sre',
        },
      ],
      kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/mrk-7c1e9a3b5d2f4e6a8b0c2d4e6f8a0b1c',
      enhancedVpcRouting: true,
      iamRoles: [
        {
          iamRoleArn: 'arn:aws:iam::123456789012:role/finance-warehouse-s3-load',
          applyStatus: 'in-sync',
        },
      ],
      pendingActions: [],
      maintenanceTrackName: 'current',
      elasticResizeNumberOfNodeOptions: '[4]',
    },
    supplementaryConfiguration: {
      LoggingStatus: {
        loggingEnabled: true,
        bucketName: 'ops-redshift-audit-123456789012',
        s3KeyPrefix: 'ops-metrics/',
        logDestinationType: 's3',
        lastSuccessfulDeliveryTime: '2026-11-22T08:00:12.000Z',
      },
    },
  });
}

/** Redshift clusters: the finance warehouse, a public marketing sandbox, and an ops cluster in Europe. */
export function redshiftResources(): RawConfigurationItem[] {
  return [financeWarehouse(), marketingSandbox(), opsMetrics()];
}
