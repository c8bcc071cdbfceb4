import { cacheResources } from './caches';
import { computeResources } from './compute';
import { containerResources } from './containers';
import { dataResources } from './data';
import { databaseResources } from './databases';
import { documentDbResources } from './documents';
import { edgeResources } from './edge';
import type { RawConfigurationItem } from './envelope';
import { groupResources } from './groups';
import { identityResources } from './identity';
import { loggingResources } from './logging';
import { networkResources } from './network';
import { openSearchResources } from './opensearch';
import { redshiftResources } from './redshift';
import { resilienceResources } from './resilience';
import { storageResources } from './storage';
import { streamResources } from './streams';
import { subnetResources } from './subnets';
import { webResources } from './web';

/** Sections of the sample account, one per area; add resource types by adding a section here. */
export const SAMPLE_SECTIONS: readonly (() => RawConfigurationItem[])[] = [
  networkResources,
  computeResources,
  storageResources,
  dataResources,
  databaseResources,
  containerResources,
  resilienceResources,
  webResources,
  identityResources,
  loggingResources,
  subnetResources,
  edgeResources,
  cacheResources,
  redshiftResources,
  openSearchResources,
  streamResources,
  documentDbResources,
  groupResources,
];

/** The sample account as an AWS Config snapshot file: the document `examples/sample-account-snapshot.json` holds. */
export function buildSampleSnapshot(): {
  fileVersion: string;
  configSnapshotId: string;
  configurationItems: RawConfigurationItem[];
} {
  return {
    fileVersion: '1.0',
    configSnapshotId: '8d3c1a52-4f0e-4b7a-9c26-1e5f7a9b3d40',
    configurationItems: SAMPLE_SECTIONS.flatMap((section) => section()),
  };
}

/** The text written to the file: 2-space JSON and a final newline. */
export function sampleSnapshotText(): string {
  return `${JSON.stringify(buildSampleSnapshot(), null, 2)}\n`;
}
