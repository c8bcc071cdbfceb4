/** `vpc-flow-logs-enabled` → `VpcFlowLogsEnabled`: a rule id or service as part of a construct id. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
}
