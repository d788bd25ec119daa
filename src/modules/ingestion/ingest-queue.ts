/** Frees a slot taken from an {@link IngestQueue}; calling it again does nothing. */
export type ReleaseSlot = () => void;

/**
 * Slots for file ingests in this process: at most `perInstance` at once, and at most `perProvider` for one
 * provider, so a burst of uploads waits its turn instead of holding every workbook in memory at once
 * (each ingest is bounded on its own by the readers' limits, docs/adr/0019-ingest-memory.md).
 */
export interface IngestQueue {
  /** A slot now, or undefined when the limits are reached (the caller then shows the batch as queued). */
  tryAcquire(providerId: number): ReleaseSlot | undefined;
  /** A slot as soon as one is free for this provider; waiters are served first come, first served. */
  acquire(providerId: number): Promise<ReleaseSlot>;
  /** Ingests running and waiting now. */
  readonly running: number;
  readonly waiting: number;
}

export interface IngestLimits {
  readonly perInstance: number;
  readonly perProvider: number;
}

/** An in-process queue with the given limits (both at least 1). */
export function createIngestQueue(limits: IngestLimits): IngestQueue {
  let running = 0;
  const perProvider = new Map<number, number>();
  const waiters: { providerId: number; grant: (release: ReleaseSlot) => void }[] = [];

  const fits = (providerId: number) =>
    running < limits.perInstance && (perProvider.get(providerId) ?? 0) < limits.perProvider;

  const take = (providerId: number): ReleaseSlot => {
    running++;
    perProvider.set(providerId, (perProvider.get(providerId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      running--;
      const left = (perProvider.get(providerId) ?? 1) - 1;
      if (left === 0) perProvider.delete(providerId);
      else perProvider.set(providerId, left);
      wake();
    };
  };

  // the slot passes to a waiter synchronously, so no tryAcquire can take it in between
  const wake = () => {
    for (let i = 0; i < waiters.length && running < limits.perInstance; ) {
      const w = waiters[i];
      if (w !== undefined && fits(w.providerId)) {
        waiters.splice(i, 1);
        w.grant(take(w.providerId));
      } else i++;
    }
  };

  return {
    tryAcquire(providerId) {
      return fits(providerId) ? take(providerId) : undefined;
    },
    acquire(providerId) {
      const now = this.tryAcquire(providerId);
      if (now !== undefined) return Promise.resolve(now);
      return new Promise((resolve) => waiters.push({ providerId, grant: resolve }));
    },
    get running() {
      return running;
    },
    get waiting() {
      return waiters.length;
    },
  };
}
