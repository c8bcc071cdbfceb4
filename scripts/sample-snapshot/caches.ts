import { configurationItem, type RawConfigurationItem } from './envelope';

function catalogMemcached(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::ElastiCache::CacheCluster',
    resourceId: 'catalog-memcached',
    resourceName: 'catalog-memcached',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:catalog-memcached',
    captureTime: '2026-11-20T08:10:37.006Z',
    createdAt: '2026-03-02T16:22:09.771Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      team: 'catalog',
      environment: 'production',
    },
    configuration: {
      cacheClusterId: 'catalog-memcached',
      configurationEndpoint: {
        address: 'catalog-memcached.q8z1ke.cfg.use1.cache.amazonaws.com',
        port: 11211,
      },
      clientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
      cacheNodeType: 'cache.m7g.large',
      engine: 'memcached',
      engineVersion: '1.6.22',
      cacheClusterStatus: 'available',
      numCacheNodes: 3,
      preferredAvailabilityZone: 'Multiple',
      cacheClusterCreateTime: '2026-03-02T16:22:09.771Z',
      preferredMaintenanceWindow: 'tue:04:00-tue:05:00',
      pendingModifiedValues: {},
      cacheSecurityGroups: [],
      cacheParameterGroup: {
        cacheParameterGroupName: 'default.memcached1.6',
        parameterApplyStatus: 'in-sync',
        cacheNodeIdsToReboot: [],
      },
      cacheSubnetGroupName: 'cache-private',
      autoMinorVersionUpgrade: false,
      securityGroups: [
        {
          securityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      authTokenEnabled: false,
      transitEncryptionEnabled: false,
      atRestEncryptionEnabled: false,
      arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:catalog-memcached',
      replicationGroupLogDeliveryEnabled: false,
      logDeliveryConfigurations: [],
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
    },
  });
}

function ratelimitProd(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::ElastiCache::CacheCluster',
    resourceId: 'ratelimit-prod',
    resourceName: 'ratelimit-prod',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:ratelimit-prod',
    captureTime: '2026-11-21T09:02:11.450Z',
    createdAt: '2026-07-08T13:15:42.318Z',
    availabilityZone: 'us-east-1a',
    tags: {
      team: 'edge',
      environment: 'production',
    },
    configuration: {
      cacheClusterId: 'ratelimit-prod',
      clientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
      cacheNodeType: 'cache.r7g.large',
      engine: 'redis',
      engineVersion: '7.1.0',
      cacheClusterStatus: 'available',
      numCacheNodes: 1,
      preferredAvailabilityZone: 'us-east-1a',
      cacheClusterCreateTime: '2026-07-08T13:15:42.318Z',
      preferredMaintenanceWindow: 'sun:06:00-sun:07:00',
      pendingModifiedValues: {},
      cacheSecurityGroups: [],
      cacheParameterGroup: {
        cacheParameterGroupName: 'default.redis7',
        parameterApplyStatus: 'in-sync',
        cacheNodeIdsToReboot: [],
      },
      cacheSubnetGroupName: 'cache-private',
      autoMinorVersionUpgrade: true,
      securityGroups: [
        {
          securityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      snapshotRetentionLimit: 16,
      snapshotWindow: '03:30-04:30',
      authTokenEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:ratelimit-prod',
      replicationGroupLogDeliveryEnabled: false,
      logDeliveryConfigurations: [],
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
      transitEncryptionMode: 'required',
    },
  });
}

function reportsCacheDev(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::ElastiCache::CacheCluster',
    resourceId: 'reports-cache-dev',
    resourceName: 'reports-cache-dev',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:reports-cache-dev',
    captureTime: '2026-11-22T11:27:54.201Z',
    createdAt: '2026-10-20T10:41:03.905Z',
    availabilityZone: 'us-east-1c',
    tags: {
      team: 'analytics',
      environment: 'development',
    },
    configuration: {
      cacheClusterId: 'reports-cache-dev',
      clientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
      cacheNodeType: 'cache.t4g.micro',
      engine: 'redis',
      engineVersion: '6.2.6',
      cacheClusterStatus: 'available',
      numCacheNodes: 1,
      preferredAvailabilityZone: 'us-east-1c',
      cacheClusterCreateTime: '2026-10-20T10:41:03.905Z',
      preferredMaintenanceWindow: 'sun:06:00-sun:07:00',
      pendingModifiedValues: {},
      cacheSecurityGroups: [],
      cacheParameterGroup: {
        cacheParameterGroupName: 'default.redis6.x',
        parameterApplyStatus: 'in-sync',
        cacheNodeIdsToReboot: [],
      },
      cacheSubnetGroupName: 'cache-private',
      autoMinorVersionUpgrade: false,
      securityGroups: [
        {
          securityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      snapshotRetentionLimit: 0,
      snapshotWindow: '03:30-04:30',
      authTokenEnabled: false,
      transitEncryptionEnabled: false,
      atRestEncryptionEnabled: false,
      arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:reports-cache-dev',
      replicationGroupLogDeliveryEnabled: false,
      logDeliveryConfigurations: [],
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
    },
  });
}

function sessionsProd002(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::ElastiCache::CacheCluster',
    resourceId: 'sessions-prod-002',
    resourceName: 'sessions-prod-002',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-prod-002',
    captureTime: '2026-11-21T14:20:05.917Z',
    createdAt: '2026-06-11T08:02:44.120Z',
    availabilityZone: 'us-east-1b',
    configuration: {
      cacheClusterId: 'sessions-prod-002',
      clientDownloadLandingPage: 'https://console.aws.amazon.com/elasticache/home#client-download:',
      cacheNodeType: 'cache.r7g.large',
      engine: 'valkey',
      engineVersion: '7.2.4',
      cacheClusterStatus: 'available',
      numCacheNodes: 1,
      preferredAvailabilityZone: 'us-east-1b',
      cacheClusterCreateTime: '2026-06-11T08:02:44.120Z',
      preferredMaintenanceWindow: 'sun:06:00-sun:07:00',
      pendingModifiedValues: {},
      cacheSecurityGroups: [],
      cacheParameterGroup: {
        cacheParameterGroupName: 'default.valkey7',
        parameterApplyStatus: 'in-sync',
        cacheNodeIdsToReboot: [],
      },
      cacheSubnetGroupName: 'cache-private',
      autoMinorVersionUpgrade: true,
      securityGroups: [
        {
          securityGroupId: 'sg-0c5e1f2a3b4d6e7f8',
          status: 'active',
        },
      ],
      snapshotRetentionLimit: 21,
      snapshotWindow: '03:30-04:30',
      authTokenEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      arn: 'arn:aws:elasticache:us-east-1:123456789012:cluster:sessions-prod-002',
      replicationGroupLogDeliveryEnabled: true,
      logDeliveryConfigurations: [],
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
      replicationGroupId: 'sessions-prod',
      transitEncryptionMode: 'required',
    },
  });
}

function jobsQueueDev(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    resourceId: 'jobs-queue-dev',
    resourceName: 'jobs-queue-dev',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:jobs-queue-dev',
    captureTime: '2026-11-22T07:48:19.064Z',
    createdAt: '2026-10-02T15:31:08.772Z',
    availabilityZone: 'us-east-1d',
    tags: {
      team: 'platform',
      environment: 'development',
    },
    configuration: {
      replicationGroupId: 'jobs-queue-dev',
      description: 'Background job queue',
      globalReplicationGroupInfo: {},
      status: 'available',
      pendingModifiedValues: {},
      memberClusters: ['jobs-queue-dev-001'],
      nodeGroups: [
        {
          nodeGroupId: '0001',
          status: 'available',
          primaryEndpoint: {
            address: 'master.jobs-queue-dev.p3m9wd.use1.cache.amazonaws.com',
            port: 6379,
          },
          readerEndpoint: {
            address: 'replica.jobs-queue-dev.p3m9wd.use1.cache.amazonaws.com',
            port: 6379,
          },
          nodeGroupMembers: [
            {
              cacheClusterId: 'jobs-queue-dev-001',
              cacheNodeId: '0001',
              preferredAvailabilityZone: 'us-east-1d',
              currentRole: 'primary',
            },
          ],
        },
      ],
      automaticFailover: 'disabled',
      multiAZ: 'disabled',
      snapshotRetentionLimit: 0,
      snapshotWindow: '09:30-10:30',
      clusterEnabled: false,
      cacheNodeType: 'cache.t4g.small',
      authTokenEnabled: false,
      transitEncryptionEnabled: false,
      atRestEncryptionEnabled: false,
      memberClustersOutpostArns: [],
      arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:jobs-queue-dev',
      logDeliveryConfigurations: [],
      replicationGroupCreateTime: '2026-10-02T15:31:08.772Z',
      dataTiering: 'disabled',
      autoMinorVersionUpgrade: false,
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
      clusterMode: 'disabled',
      engine: 'redis',
    },
  });
}

function sessionsProd(): RawConfigurationItem {
  return configurationItem({
    resourceType: 'AWS::ElastiCache::ReplicationGroup',
    resourceId: 'sessions-prod',
    resourceName: 'sessions-prod',
    arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions-prod',
    captureTime: '2026-11-21T14:20:05.917Z',
    createdAt: '2026-06-11T08:02:44.120Z',
    availabilityZone: 'Multiple Availability Zones',
    tags: {
      team: 'identity',
      environment: 'production',
      'data-classification': 'confidential',
    },
    configuration: {
      replicationGroupId: 'sessions-prod',
      description: 'Web session store',
      globalReplicationGroupInfo: {},
      status: 'available',
      pendingModifiedValues: {},
      memberClusters: ['sessions-prod-001', 'sessions-prod-002', 'sessions-prod-003'],
      nodeGroups: [
        {
          nodeGroupId: '0001',
          status: 'available',
          primaryEndpoint: {
            address: 'master.sessions-prod.x7kq2a.use1.cache.amazonaws.com',
            port: 6379,
          },
          readerEndpoint: {
            address: 'replica.sessions-prod.x7kq2a.use1.cache.amazonaws.com',
            port: 6379,
          },
          nodeGroupMembers: [
            {
              cacheClusterId: 'sessions-prod-001',
              cacheNodeId: '0001',
              preferredAvailabilityZone: 'us-east-1a',
              currentRole: 'primary',
            },
            {
              cacheClusterId: 'sessions-prod-002',
              cacheNodeId: '0001',
              preferredAvailabilityZone: 'us-east-1b',
              currentRole: 'replica',
            },
            {
              cacheClusterId: 'sessions-prod-003',
              cacheNodeId: '0001',
              preferredAvailabilityZone: 'us-east-1c',
              currentRole: 'replica',
            },
          ],
        },
      ],
      snapshottingClusterId: 'sessions-prod-002',
      automaticFailover: 'enabled',
      multiAZ: 'enabled',
      snapshotRetentionLimit: 21,
      snapshotWindow: '04:00-05:00',
      clusterEnabled: false,
      cacheNodeType: 'cache.r7g.large',
      authTokenEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      memberClustersOutpostArns: [],
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/a91d7e55-2c3b-4f68-b0e4-7d2f13c8a6e9',
      arn: 'arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions-prod',
      userGroupIds: ['sessions-app-users'],
      logDeliveryConfigurations: [
        {
          logType: 'slow-log',
          destinationType: 'cloudwatch-logs',
          destinationDetails: {
            cloudWatchLogsDetails: {
              logGroup: '/elasticache/sessions-prod/slow-log',
            },
          },
          logFormat: 'json',
          status: 'active',
        },
      ],
      replicationGroupCreateTime: '2026-06-11T08:02:44.120Z',
      dataTiering: 'disabled',
      autoMinorVersionUpgrade: true,
      networkType: 'ipv4',
      ipDiscovery: 'ipv4',
      transitEncryptionMode: 'required',
      clusterMode: 'disabled',
      engine: 'valkey',
    },
  });
}

/** ElastiCache clusters and replication groups. */
export function cacheResources(): RawConfigurationItem[] {
  return [
    catalogMemcached(),
    ratelimitProd(),
    reportsCacheDev(),
    sessionsProd002(),
    jobsQueueDev(),
    sessionsProd(),
  ];
}
