/**
 * One answer per key, shared by every request for `ttlMs` (milliseconds): a crowd asking the same costly public
 * question (the portal's figures, the re-run of a published draw) costs one computation per key and interval, not
 * one each. Requests arriving while it runs wait for that same computation; a failed one is not kept. At most
 * `maxKeys` answers are held; the oldest is dropped first.
 */
export function sharedAnswers<K, V>(
  ttlMs: number,
  maxKeys: number,
  now: () => number = () => performance.now(),
): (key: K, compute: () => Promise<V>) => Promise<V> {
  const held = new Map<K, { readonly until: number; readonly value: Promise<V> }>();
  return (key, compute) => {
    const at = now();
    const kept = held.get(key);
    if (kept !== undefined && at < kept.until) return kept.value;
    const value = compute();
    held.delete(key);
    held.set(key, { until: at + ttlMs, value });
    if (held.size > maxKeys) {
      const oldest = held.keys().next();
      if (oldest.done !== true) held.delete(oldest.value);
    }
    value.catch(() => {
      if (held.get(key)?.value === value) held.delete(key);
    });
    return value;
  };
}
