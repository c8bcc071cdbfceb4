import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings';
import { VigilStack } from './vigil-stack';

// Environment-agnostic on purpose: the template resolves account and region at deploy time, so synth
// needs no credentials or lookups and `sam deploy` can take the same template to any account.
const app = new App();
const settings = readSettings(app.node);
new VigilStack(app, 'Vigil', { settings, stackName: settings.stackName });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
