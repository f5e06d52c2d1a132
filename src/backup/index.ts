// Backups of the database and the uploaded files (`intersession backup`/`restore`, the embedded default's daily
// backup).
export {
  BackupError,
  type BackupManifest,
  backupName,
  dailyBackup,
  listBackups,
  readManifest,
  restoreBackup,
  writeBackup,
} from "./backup.js";
export { registerBackupJobs } from "./jobs.js";
export { PgToolError } from "./pg-tools.js";
