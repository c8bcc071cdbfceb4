import { KMS_KEY_SEEDER } from '#test/support/estate/kms-key';
import { provesSeededPair } from './seeded-pair';

// A KMS key is never deleted at once (ScheduleKeyDeletion leaves it PendingDeletion), so no deletion case.
provesSeededPair(KMS_KEY_SEEDER);
