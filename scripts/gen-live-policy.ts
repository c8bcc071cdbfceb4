// Writes docs/live-scan-policy.json from the describers' declared IAM actions (`npm run docs:policy`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { liveScanPolicyText } from '#shared/scan/live-policy';

const target = join(new URL('../', import.meta.url).pathname, 'docs/live-scan-policy.json');
writeFileSync(target, liveScanPolicyText());
console.log('wrote docs/live-scan-policy.json');
