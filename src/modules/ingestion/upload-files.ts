import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../platform/db/database.js';
import { ownerAlive, reconcileInterruptedBatches } from './reconcile-batches.js';

/** Files left by another host (or by a version that did not name its uploads) are removed after this long. */
export const FOREIGN_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

const hostDir = (host: string) => host.replace(/[^A-Za-z0-9._-]/g, '_') || 'host';

/** Where uploaded files wait for their ingest: `<dataDir>/uploads`. */
export function uploadsDir(dataDir: string): string {
  return path.join(dataDir, 'uploads');
}

/**
 * A fresh path for an upload: `uploads/<host>/<pid>-<uuid><ext>`, so a later start can tell the files of a process
 * that died (its batches are marked interrupted) from those of one still reading them.
 */
export function newUploadPath(dataDir: string, fileName: string): string {
  const dir = path.join(uploadsDir(dataDir), hostDir(os.hostname()));
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, `${process.pid}-${randomUUID()}${path.extname(fileName).slice(0, 10)}`);
}

/**
 * Removes uploads whose ingest can no longer run: on this host those of processes that are gone (a crash or kill
 * during an ingest leaves the file behind, its batch marked interrupted), elsewhere those older than
 * {@link FOREIGN_UPLOAD_TTL_MS}. Run at start. Returns the paths removed.
 */
export function removeOrphanUploads(dataDir: string, now: Date): string[] {
  const root = uploadsDir(dataDir);
  const removed: string[] = [];
  const old = (file: string) => {
    try {
      return now.getTime() - fs.statSync(file).mtimeMs > FOREIGN_UPLOAD_TTL_MS;
    } catch {
      return false;
    }
  };
  const remove = (file: string) => {
    fs.rmSync(file, { force: true });
    removed.push(file);
  };
  if (!fs.existsSync(root)) return removed;
  const own = hostDir(os.hostname());
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    const full = path.join(root, entry.name);
    if (entry.isFile()) {
      if (old(full)) remove(full);
      continue;
    }
    if (!entry.isDirectory()) continue;
    for (const name of fs.readdirSync(full)) {
      const file = path.join(full, name);
      const pid = /^(\d+)-/.exec(name)?.[1];
      const gone = entry.name === own && pid !== undefined && ownerAlive(`${os.hostname()}:${pid}`) === false;
      if (gone || old(file)) remove(file);
    }
  }
  return removed;
}

/**
 * At start: marks the batches of processes that died as interrupted, then removes the uploads no ingest will read
 * ({@link removeOrphanUploads}).
 */
export async function cleanUpInterruptedIngests(
  db: Db,
  dataDir: string,
  now: Date,
): Promise<{ interrupted: number[]; removedUploads: string[] }> {
  const interrupted = await reconcileInterruptedBatches(db, now);
  return { interrupted, removedUploads: removeOrphanUploads(dataDir, now) };
}
