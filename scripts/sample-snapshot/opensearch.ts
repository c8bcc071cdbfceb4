import { configurationItem, type RawConfigurationItem } from './envelope';

function ordersSearch(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::OpenSearch::Domain',
    resourceId: '123456789012/orders-search',
    resourceName: 'orders-search',
    arn: 'arn:aws:es:us-east-1:123456789012:domain/orders-search',
    captureTime: '2026-11-22T11:02:51.377Z',
    createdAt: '2025-05-19T07:44:30.268Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      team: 'commerce',
      'data-classification': 'confidential',
    },
    relationships: [
      {
        resourceType: 'AWS::EC2::Subnet',
        resourceId: 'subnet-0aa11bb22cc33dd44',
        name: 'Is associated with Subnet',
      },
      {
        resourceType: 'AWS::EC2::Subnet',
        resourceId: 'subnet-0ee55ff66aa77bb88',
        name: 'Is associated with Subnet',
      },
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-0c5e1f2a3b4d6e7f8',
        name: 'Is associated with SecurityGroup',
      },
    ],
    configuration: {
      Id: '123456789012/orders-search',
      Arn: 'arn:aws:es:us-east-1:123456789012:domain/orders-search',
      DomainName: 'orders-search',
      EngineVersion: 'OpenSearch_2.13',
      ClusterConfig: {
        InstanceType: 'r6g.large.search',
        InstanceCount: 3,
        DedicatedMasterEnabled: true,
        ZoneAwarenessEnabled: true,
        WarmEnabled: false,
      },
      EBSOptions: {
        EBSEnabled: true,
        VolumeType: 'gp3',
        VolumeSize: 200,
      },
      SnapshotOptions: {
        AutomatedSnapshotStartHour: 0,
      },
      VPCOptions: {
        SubnetIds: ['subnet-0aa11bb22cc33dd44', 'subnet-0ee55ff66aa77bb88'],
        SecurityGroupIds: ['sg-0c5e1f2a3b4d6e7f8'],
      },
      CognitoOptions: {
        Enabled: false,
      },
      EncryptionAtRestOptions: {
        Enabled: true,
        KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
      },
      NodeToNodeEncryptionOptions: {
        Enabled: true,
      },
      DomainEndpointOptions: {
        EnforceHTTPS: true,
        TLSSecurityPolicy: 'Policy-Min-TLS-1-2-PFS-2023-10',
        CustomEndpointEnabled: false,
      },
      AdvancedSecurityOptions: {
        Enabled: true,
        InternalUserDatabaseEnabled: false,
        AnonymousAuthEnabled: false,
      },
      LogPublishingOptions: {
        AUDIT_LOGS: {
          CloudWatchLogsLogGroupArn:
            'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/orders-search/audit',
          Enabled: true,
        },
        ES_APPLICATION_LOGS: {
          CloudWatchLogsLogGroupArn:
            'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/orders-search/application',
          Enabled: true,
        },
      },
    },
  });
}

function catalogPreview(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::OpenSearch::Domain',
    resourceId: '123456789012/catalog-preview',
    resourceName: 'catalog-preview',
    arn: 'arn:aws:es:us-east-1:123456789012:domain/catalog-preview',
    captureTime: '2026-11-22T11:02:51.377Z',
    createdAt: '2023-02-08T16:25:12.550Z',
    availabilityZone: 'us-east-1a',
    tags: {
      team: 'merchandising',
    },
    configuration: {
      Id: '123456789012/catalog-preview',
      Arn: 'arn:aws:es:us-east-1:123456789012:domain/catalog-preview',
      DomainName: 'catalog-preview',
      EngineVersion: 'OpenSearch_1.3',
      ClusterConfig: {
        InstanceType: 't3.small.search',
        InstanceCount: 1,
        DedicatedMasterEnabled: false,
        ZoneAwarenessEnabled: false,
        WarmEnabled: false,
      },
      EBSOptions: {
        EBSEnabled: true,
        VolumeType: 'gp2',
        VolumeSize: 10,
      },
      SnapshotOptions: {
        AutomatedSnapshotStartHour: 0,
      },
      CognitoOptions: {
        Enabled: false,
      },
      EncryptionAtRestOptions: {
        Enabled: false,
      },
      NodeToNodeEncryptionOptions: {
        Enabled: false,
      },
      DomainEndpointOptions: {
        EnforceHTTPS: false,
        TLSSecurityPolicy: 'Policy-Min-TLS-1-0-2019-07',
        CustomEndpointEnabled: false,
      },
      AdvancedSecurityOptions: {
        Enabled: false,
        AnonymousAuthEnabled: false,
      },
      LogPublishingOptions: {
        SEARCH_SLOW_LOGS: {
          CloudWatchLogsLogGroupArn:
            'arn:aws:logs:us-east-1:123456789012:log-group:/aws/opensearch/catalog-preview/slow-search',
          Enabled: true,
        },
      },
    },
  });
}

function legacyLogs(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::OpenSearch::Domain',
    resourceId: '123456789012/legacy-logs',
    resourceName: 'legacy-logs',
    arn: 'arn:aws:es:us-east-1:123456789012:domain/legacy-logs',
    captureTime: '2026-11-22T11:02:51.377Z',
    createdAt: '2020-10-02T09:12:40.101Z',
    availabilityZone: 'us-east-1a',
    tags: {
      team: 'platform',
    },
    configuration: {
      Id: '123456789012/legacy-logs',
      Arn: 'arn:aws:es:us-east-1:123456789012:domain/legacy-logs',
      DomainName: 'legacy-logs',
      EngineVersion: 'Elasticsearch_7.10',
      ClusterConfig: {
        InstanceType: 't3.small.search',
        InstanceCount: 1,
        DedicatedMasterEnabled: false,
        ZoneAwarenessEnabled: false,
        WarmEnabled: false,
      },
      EBSOptions: {
        EBSEnabled: true,
        VolumeType: 'gp2',
        VolumeSize: 10,
      },
      SnapshotOptions: {
        AutomatedSnapshotStartHour: 0,
      },
      CognitoOptions: {
        Enabled: false,
      },
      EncryptionAtRestOptions: {
        Enabled: false,
      },
      NodeToNodeEncryptionOptions: {
        Enabled: false,
      },
      DomainEndpointOptions: {
        EnforceHTTPS: true,
        TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07',
        CustomEndpointEnabled: false,
      },
      AdvancedSecurityOptions: {
        Enabled: false,
        AnonymousAuthEnabled: false,
      },
    },
  });
}

/** OpenSearch domains: order search in the VPC, a public catalog preview, and a legacy Elasticsearch domain. */
export function openSearchResources(): RawConfigurationItem[] {
  return [ordersSearch(), catalogPreview(), legacyLogs()];
}
