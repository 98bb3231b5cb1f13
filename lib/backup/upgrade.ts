import type { BackupFile } from './format.ts';

/**
 * Moves the rows of a backup written under an older database version forward, the way the schema's own
 * upgrades (lib/db/schema.ts, lib/sources/<source>/tables.ts) move stored rows. Only changes to tables a
 * backup holds need a step here; a version that only adds tables needs none (the new tables are simply
 * not in the file and are kept as they are). Add a step whenever a schema upgrade reshapes a durable table.
 */
export interface BackupRowUpgrade {
  /** The schema version whose upgrade this mirrors. */
  version: number;
  upgrade(tables: BackupFile['tables']): void;
}

export const BACKUP_ROW_UPGRADES: readonly BackupRowUpgrade[] = [
  {
    // v4 moved the deep scan's records and the cleared-policy tombstones out of kv ("derive:…" keys) into
    // working tables, which backups do not hold: the old kv records are dropped (the next snapshot rebuilds them).
    version: 4,
    upgrade: (tables) => {
      if (tables.kv) tables.kv = tables.kv.filter((r) => !String(r.key).startsWith('derive:'));
    },
  },
];

/** The file with its rows moved forward to `target`, and the version it came from (null when it was current). */
export function upgradeBackup(file: BackupFile, target: number): { file: BackupFile; from: number | null } {
  if (file.schemaVersion >= target) return { file, from: null };
  const tables = { ...file.tables };
  for (const step of BACKUP_ROW_UPGRADES) if (step.version > file.schemaVersion && step.version <= target) step.upgrade(tables);
  return { file: { ...file, tables, schemaVersion: target }, from: file.schemaVersion };
}
