// Work the booking page puts off until a frame is painted: on a slow phone the first slots show
// before the rest of the page is built.

/** Runs `f` once the next frame has been painted. */
function afterPaint(f: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => setTimeout(f, 0));
  else setTimeout(f, 0);
}

/** Resolves once the next frame has been painted. */
export const nextPaint = (): Promise<void> => new Promise((done) => afterPaint(done));

/** A queue of drawings for right after the next painted frame (every job queued meanwhile runs then). */
export function paintQueue() {
  const jobs: (() => void)[] = [];
  let done = Promise.resolve();
  return {
    /** Queues `draw`. */
    later(draw: () => void): void {
      jobs.push(draw);
      if (jobs.length > 1) return;
      done = nextPaint().then(() => {
        for (const job of jobs.splice(0)) job();
      });
    },
    /** Resolves once every queued drawing has run. */
    drawn: (): Promise<void> => done,
  };
}
