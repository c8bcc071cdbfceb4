import { EFS_FILE_SYSTEM_SEEDER } from '#test/support/estate/efs-file-system';
import { provePair } from './prove-pair';

provePair(EFS_FILE_SYSTEM_SEEDER);
