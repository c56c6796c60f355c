/**
 * Per-attempt timeouts on one shared timer. A timer per request measured at about 5% of
 * a whole loopback GET (docs/benchmarks.md); here a request only adds and removes a set
 * entry, and the timer is re-armed only when a deadline earlier than the armed one
 * arrives or when it fires. The timer is unref'd: it never keeps a process alive.
 */

interface Watch {
  at: number;
  onTimeout: () => void;
}

const watches = new Set<Watch>();
let timer: ReturnType<typeof setTimeout> | undefined;
let armedAt = Number.POSITIVE_INFINITY;
// The setTimeout that armed the timer: when a test swaps in fake timers (or back), a timer
// armed by the other implementation would never fire here, so it must be re-armed.
let armedWith: typeof setTimeout | undefined;

function arm(at: number): void {
  if (timer !== undefined && armedWith === setTimeout) clearTimeout(timer);
  armedAt = at;
  armedWith = setTimeout;
  timer = setTimeout(sweep, Math.max(0, at - Date.now()));
  (timer as { unref?: () => void }).unref?.();
}

function sweep(): void {
  timer = undefined;
  armedAt = Number.POSITIVE_INFINITY;
  const now = Date.now();
  let next = Number.POSITIVE_INFINITY;
  for (const w of watches) {
    if (w.at <= now) {
      watches.delete(w);
      w.onTimeout();
    } else if (w.at < next) {
      next = w.at;
    }
  }
  if (next !== Number.POSITIVE_INFINITY) arm(next);
}

/**
 * Calls `onTimeout` once `ms` have passed, unless the returned function is called first.
 * Never calls it early; it may be late by as long as the event loop is busy.
 */
export function watchTimeout(ms: number, onTimeout: () => void): () => void {
  const w: Watch = { at: Date.now() + ms, onTimeout };
  watches.add(w);
  // A timer armed for a later moment (or none) would fire too late for this one.
  if (w.at < armedAt || armedWith !== setTimeout) arm(w.at);
  return () => {
    watches.delete(w);
  };
}
