import {
  ENDED_INSTANCE_STATES,
  INSTANCE_TYPE,
  type InstanceConfiguration,
  instanceStateName,
} from '#shared/resources/ec2';
import { nothingToDo, planCalls, type Remediation } from './remediation';

/**
 * Requires IMDSv2 session tokens (`ModifyInstanceMetadataOptions HttpTokens=required`); the endpoint
 * setting and hop limit are left as they are, and the instance keeps running. Software on the instance
 * that still calls IMDSv1 (old SDKs and agents) loses metadata access: exempt such instances with
 * `vigil:exempt` until it is upgraded.
 */
export const ec2Imdsv2CheckRemediation = {
  ruleId: 'ec2-imdsv2-check',
  title: 'Require IMDSv2 session tokens for instance metadata',
  resourceTypes: [INSTANCE_TYPE],
  permissions: ['ec2:ModifyInstanceMetadataOptions'],
  verification: 'immediate',
  plan(item) {
    const instanceId = item.configuration?.instanceId ?? item.resourceId;
    const state = instanceStateName(item.configuration);
    if (state !== undefined && ENDED_INSTANCE_STATES.has(state)) {
      return nothingToDo(`Instance ${instanceId} is ${state}.`);
    }
    const tokens = item.configuration?.metadataOptions?.httpTokens;
    if (tokens?.toLowerCase() === 'required') {
      return nothingToDo(`Instance ${instanceId} already requires IMDSv2 tokens.`);
    }
    return planCalls({
      service: 'ec2',
      operation: 'ModifyInstanceMetadataOptions',
      input: { InstanceId: instanceId, HttpTokens: 'required' },
      description: `Require IMDSv2 tokens on instance ${instanceId} (httpTokens ${tokens ?? 'not recorded'} -> required)`,
    });
  },
} as const satisfies Remediation<Record<string, never>, InstanceConfiguration>;
