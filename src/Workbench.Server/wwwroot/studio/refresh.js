// Pages that keep themselves current read what they show again every 2 s while they are open.

const refreshMilliseconds = 2000;

/**
 * Runs refresh now and again 2 s after each run has ended, until stop() or until refresh answers false
 * (nothing more will change: the thing is gone, or has ended). now() runs it at once, as after a click.
 * Errors are refresh's to show.
 */
export function keepRefreshed(refresh) {
  let timer = null;
  let stopped = false;
  async function run() {
    clearTimeout(timer);
    const goOn = await refresh();
    if (!stopped && goOn !== false) {
      timer = setTimeout(run, refreshMilliseconds);
    }
  }
  run();
  return {
    now: run,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
