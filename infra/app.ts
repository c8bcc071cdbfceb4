import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { VigilCentralStack } from './central-stack';
import { VigilMemberStack } from './member-stack';
import { readSettings } from './settings';
import { VigilStack } from './vigil-stack';

// Environment-agnostic on purpose: the template resolves account and region at deploy time, so synth
// needs no credentials or lookups and `sam deploy` can take the same template to any account.
const app = new App();
const settings = readSettings(app.node);
new VigilStack(app, 'Vigil', { settings, stackName: settings.stackName });
// Organization mode, with `-c organizationId=o-…` (docs/deploy.md, Organization): the central stack, and
// the member template a service-managed StackSet deploys to every account and region.
if (settings.organizationId !== undefined) {
  new VigilCentralStack(app, 'VigilCentral', { settings, stackName: settings.centralStackName });
  new VigilMemberStack(app, 'VigilMember', {
    stackName: settings.memberStackName,
    ...(settings.memberRoleName === undefined ? {} : { memberRoleName: settings.memberRoleName }),
    ...(settings.memberRemediationRoleName === undefined
      ? {}
      : { remediationRoleName: settings.memberRemediationRoleName }),
  });
}
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
