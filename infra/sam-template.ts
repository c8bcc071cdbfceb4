import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InfraConfigError } from './errors';

/** A CloudFormation template as JSON. */
export interface CfnTemplateJson {
  Parameters?: Record<string, unknown>;
  Rules?: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
  >;
  [section: string]: unknown;
}

/**
 * Turns a template `cdk synth` wrote into one `sam deploy` can take: every asset-backed Lambda `Code`
 * (pointing into the CDK bootstrap bucket) becomes the local path of its bundle in the cloud assembly,
 * which `sam deploy` zips and uploads to its own bucket, and the bootstrap version check goes (the account
 * needs no CDK bootstrap). The template must sit in the assembly directory, as `cdk synth` leaves it.
 * @throws InfraConfigError when a function's code is an asset without `aws:asset:path` metadata (synth
 * without asset metadata), since SAM could then not find the bundle.
 */
export function samTemplateOf(template: CfnTemplateJson): CfnTemplateJson {
  const resources: CfnTemplateJson['Resources'] = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const metadata = resource.Metadata ?? {};
    const assetPath = metadata['aws:asset:path'];
    const assetProperty = metadata['aws:asset:property'];
    if (resource.Type === 'AWS::Lambda::Function' && assetProperty === 'Code') {
      if (typeof assetPath !== 'string') {
        throw new InfraConfigError(
          `function ${logicalId} has no aws:asset:path metadata; synth with asset metadata`,
          {
            context: { logicalId },
          },
        );
      }
      resources[logicalId] = { ...resource, Properties: { ...resource.Properties, Code: assetPath } };
    } else {
      resources[logicalId] = resource;
    }
  }
  const { BootstrapVersion: _bootstrap, ...parameters } = template.Parameters ?? {};
  const { CheckBootstrapVersion: _check, ...rules } = template.Rules ?? {};
  const result: CfnTemplateJson = { ...template, Parameters: parameters, Resources: resources };
  if (Object.keys(rules).length > 0) result.Rules = rules;
  else delete result.Rules;
  return result;
}

/** Reads `<assembly>/<stack>.template.json` and writes `<assembly>/<stack>.sam.template.json`. */
export function writeSamTemplate(assemblyDir: string, stackName: string): string {
  const source = join(assemblyDir, `${stackName}.template.json`);
  const target = join(assemblyDir, `${stackName}.sam.template.json`);
  const template = JSON.parse(readFileSync(source, 'utf8')) as CfnTemplateJson;
  writeFileSync(target, `${JSON.stringify(samTemplateOf(template), null, 1)}\n`);
  return target;
}

// `tsx infra/sam-template.ts [assemblyDir] [stackName]`, after `cdk synth`.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = writeSamTemplate(process.argv[2] ?? 'cdk.out', process.argv[3] ?? 'Vigil');
  process.stdout.write(`wrote ${target}\n`);
}
