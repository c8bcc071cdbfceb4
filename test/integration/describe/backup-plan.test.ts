import { BACKUP_PLAN_SEEDER } from '#test/support/estate/backup-plan';
import { provePair } from './prove-pair';

provePair(BACKUP_PLAN_SEEDER);
