/** What a page tells the test driving it: the value its work resolved to, or the error. */
export type PageReport<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Runs a page's work and publishes its outcome on `window.pageReport`, where the test
 * waits for it. Runs in the browser.
 *
 * @example
 * report(async () => (await fetch("https://api.agentphone.ai/ping")).json());
 */
export function report<T>(work: () => Promise<T>): void {
  const publish = (outcome: PageReport<T>) => {
    (globalThis as { pageReport?: PageReport<T> }).pageReport = outcome;
  };
  work().then(
    (value) => publish({ ok: true, value }),
    (error: unknown) =>
      publish({
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
}
