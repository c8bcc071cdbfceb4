import type { ConfigurationItem } from '#shared/config-item/configuration-item';
import { notApplicable, type RuleVerdict } from '#shared/rules/verdict';
import { type DbClusterConfiguration, dbClusterName } from './rds';

/** The RDS engine name of an Amazon DocumentDB cluster (`DescribeDBClusters` `Engine`, Config's `engine`). */
export const DOCDB_ENGINE = 'docdb';

/**
 * AWS Config records DocumentDB clusters as `AWS::RDS::DBCluster` (the RDS API lists them beside Aurora and
 * Neptune clusters). The `docdb-*` rules judge only those whose `engine` is `docdb`: the cluster's name when it
 * is one, otherwise a NOT_APPLICABLE verdict naming the other engine, or saying the engine was not recorded.
 */
export function docDbClusterOrVerdict(
  item: ConfigurationItem<DbClusterConfiguration>,
): { readonly name: string } | { readonly verdict: RuleVerdict } {
  const name = dbClusterName(item);
  const engine = item.configuration?.engine;
  if (typeof engine !== 'string') {
    return {
      verdict: notApplicable(`DB cluster ${name} engine was not recorded; it may not be DocumentDB.`),
    };
  }
  if (engine.toLowerCase() !== DOCDB_ENGINE) {
    return { verdict: notApplicable(`DB cluster ${name} runs ${engine}, not Amazon DocumentDB.`) };
  }
  return { name };
}
