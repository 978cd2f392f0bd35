/** Listeners return the settled promise: the browser ignores it, tests await it. */
export function logged(what: string, p: Promise<unknown>): Promise<void> {
  return p.then(
    () => undefined,
    (e: unknown) => console.error(`LeadsCalendar: ${what} failed`, e),
  );
}

/** Adds `fn` to a browser event; returns the matching removal, so the two can never drift apart. */
export function listen<F>(event: { addListener(fn: F): void; removeListener(fn: F): void }, fn: F): () => void {
  event.addListener(fn);
  return () => event.removeListener(fn);
}
