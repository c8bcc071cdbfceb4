import { loadFixture, withConfiguration } from '#test/support/fixtures';
import type { AwsPage } from './aws-page';

const REDSHIFT = 'AWS::Redshift::Cluster';
const OPENSEARCH = 'AWS::OpenSearch::Domain';
const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';
const CLASSIC_LB = 'AWS::ElasticLoadBalancing::LoadBalancer';

/** The pages of the rules on data services and load balancers added with the frameworks work (issue 18). */
export const DATA_SERVICE_PAGES: Readonly<Record<string, AwsPage>> = {
  'redshift-cluster-configuration-check': {
    quotes: [
      'The rule is NON_COMPLIANT if the Amazon Redshift cluster is not encrypted or encrypted with another key, or if a cluster does not have audit logging enabled.',
      'Default: dc1.large',
    ],
    defaults: { clusterDbEncrypted: true, loggingEnabled: true, nodeTypes: ['dc1.large'] },
    cases: [
      {
        name: 'an unencrypted cluster without audit logging',
        fixture: () => loadFixture(REDSHIFT, 'public-unencrypted-no-logs'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'an encrypted ra3.xlplus cluster with audit logging, nodeTypes left at its default',
        fixture: () => loadFixture(REDSHIFT, 'private-encrypted-logged'),
        aws: 'undocumented',
        vigil: 'COMPLIANT',
      },
      {
        name: 'an encrypted ra3.xlplus cluster with audit logging, nodeTypes dc1.large given',
        fixture: () => loadFixture(REDSHIFT, 'private-encrypted-logged'),
        parameters: { nodeTypes: ['dc1.large'] },
        aws: 'NON_COMPLIANT',
      },
    ],
  },
  'redshift-backup-enabled': {
    quotes: [
      'The rule is NON_COMPLIANT if the value for automatedSnapshotRetentionPeriod is greater than MaxRetentionPeriod or less than MinRetentionPeriod or the value is 0.',
    ],
    defaults: { MinRetentionPeriod: null, MaxRetentionPeriod: null },
    cases: [
      {
        name: 'automatedSnapshotRetentionPeriod 0',
        fixture: () => loadFixture(REDSHIFT, 'public-unencrypted-no-logs'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: '7 days, less than MinRetentionPeriod 10',
        fixture: () => loadFixture(REDSHIFT, 'private-encrypted-logged'),
        parameters: { MinRetentionPeriod: 10 },
        aws: 'NON_COMPLIANT',
      },
      {
        name: '35 days, greater than MaxRetentionPeriod 30',
        fixture: () => loadFixture(REDSHIFT, 'config-recorded-kms-s3-logs'),
        parameters: { MaxRetentionPeriod: 30 },
        aws: 'NON_COMPLIANT',
      },
      {
        name: '7 days, within MinRetentionPeriod 1 and MaxRetentionPeriod 35',
        fixture: () => loadFixture(REDSHIFT, 'private-encrypted-logged'),
        parameters: { MinRetentionPeriod: 1, MaxRetentionPeriod: 35 },
        aws: 'COMPLIANT',
      },
    ],
  },
  'elb-predefined-security-policy-ssl-check': {
    quotes: [
      "The rule is NON_COMPLIANT if the Classic Load Balancer HTTPS/SSL listener's policy does not equal the value of the parameter 'predefinedPolicyName'.",
    ],
    defaults: { predefinedPolicyName: null },
    cases: [
      {
        name: "an HTTPS listener whose policy is not the parameter's predefined policy",
        fixture: () => loadFixture(CLASSIC_LB, 'iam-certificate-legacy-tls-one-zone'),
        parameters: { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-2-2017-01' },
        aws: 'NON_COMPLIANT',
      },
      {
        name: "every HTTPS/SSL listener on the parameter's predefined policy",
        fixture: () => loadFixture(CLASSIC_LB, 'tls-only-with-access-logs'),
        parameters: { predefinedPolicyName: 'ELBSecurityPolicy-TLS-1-2-2017-01' },
        aws: 'COMPLIANT',
      },
    ],
  },
  'redshift-cluster-maintenancesettings-check': {
    quotes: ['The rule is NON_COMPLIANT if the automatic upgrades to major version is disabled.'],
    defaults: {
      allowVersionUpgrade: true,
      preferredMaintenanceWindow: null,
      automatedSnapshotRetentionPeriod: 1,
    },
    cases: [
      {
        name: 'automatic major version upgrades disabled',
        fixture: () =>
          withConfiguration(loadFixture(REDSHIFT, 'private-encrypted-logged'), {
            allowVersionUpgrade: false,
          }),
        aws: 'NON_COMPLIANT',
      },
    ],
  },
  'opensearch-https-required': {
    quotes: [
      "The rule is NON_COMPLIANT if the Amazon OpenSearch domain 'EnforceHTTPS' is not 'true' or is 'true' and 'TLSSecurityPolicy' is not in 'tlsPolicies'.",
    ],
    defaults: { tlsPolicies: null },
    cases: [
      {
        name: "'EnforceHTTPS' not 'true'",
        fixture: () => loadFixture(OPENSEARCH, 'public-unencrypted-http'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: "'EnforceHTTPS' 'true' and 'TLSSecurityPolicy' not in 'tlsPolicies'",
        fixture: () => loadFixture(OPENSEARCH, 'legacy-elasticsearch-public'),
        parameters: { tlsPolicies: ['Policy-Min-TLS-1-2-PFS-2023-10'] },
        aws: 'NON_COMPLIANT',
      },
      {
        name: "'EnforceHTTPS' 'true' and 'TLSSecurityPolicy' in 'tlsPolicies'",
        fixture: () => loadFixture(OPENSEARCH, 'vpc-encrypted-fgac-audit'),
        parameters: { tlsPolicies: ['Policy-Min-TLS-1-2-PFS-2023-10'] },
        aws: 'COMPLIANT',
      },
    ],
  },
  'opensearch-in-vpc-only': {
    quotes: [
      'The rule is NON_COMPLIANT if an OpenSearch Service domain endpoint is public.',
      'The rule does not evaluate Elasticsearch domains.',
    ],
    defaults: {},
    cases: [
      {
        name: 'an OpenSearch domain with a public endpoint',
        fixture: () => loadFixture(OPENSEARCH, 'public-unencrypted-http'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'an OpenSearch domain in a VPC',
        fixture: () => loadFixture(OPENSEARCH, 'vpc-encrypted-fgac-audit'),
        aws: 'COMPLIANT',
      },
      {
        name: 'an Elasticsearch domain (not evaluated)',
        fixture: () => loadFixture(OPENSEARCH, 'legacy-elasticsearch-public'),
        aws: 'NOT_APPLICABLE',
      },
    ],
  },
  'redshift-require-tls-ssl': {
    quotes: [
      'The rule is NON_COMPLIANT if any Amazon Redshift cluster has parameter require_SSL not set to true.',
      'Resource Types: AWS::Redshift::Cluster, AWS::Redshift::ClusterParameterGroup',
    ],
    defaults: {},
    resourceTypes: [REDSHIFT, 'AWS::Redshift::ClusterParameterGroup'],
    cases: [
      {
        name: 'a cluster whose parameter group has require_ssl false',
        fixture: () => loadFixture(REDSHIFT, 'public-unencrypted-no-logs'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'a cluster whose parameter group has require_ssl true',
        fixture: () => loadFixture(REDSHIFT, 'private-encrypted-logged'),
        aws: 'COMPLIANT',
      },
    ],
  },
  'elasticache-redis-cluster-automatic-backup-check': {
    quotes: [
      'The rule is NON_COMPLIANT if the SnapshotRetentionLimit for Redis cluster is less than the SnapshotRetentionPeriod parameter.',
    ],
    defaults: { snapshotRetentionPeriod: 15 },
    cases: [
      {
        name: 'a standalone Redis cluster keeping no backups',
        fixture: () => loadFixture(CACHE_CLUSTER, 'reports-redis-defaults'),
        aws: 'NON_COMPLIANT',
      },
      {
        name: 'a replication group keeping backups for 21 days',
        fixture: () => loadFixture('AWS::ElastiCache::ReplicationGroup', 'sessions-valkey-hardened'),
        aws: 'COMPLIANT',
      },
      {
        name: 'a Redis cluster that is a member of a replication group, keeping backups for 7 days',
        fixture: () =>
          withConfiguration(loadFixture(CACHE_CLUSTER, 'sessions-prod-002-group-member'), {
            engine: 'redis',
            snapshotRetentionLimit: 7,
          }),
        aws: 'NON_COMPLIANT',
        vigil: 'NOT_APPLICABLE',
      },
    ],
  },
};
