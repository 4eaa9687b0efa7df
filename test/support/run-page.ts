import type { Browser } from "playwright-core";
import type { PageReport } from "../browser/page/report.ts";

// Chromium logs every 4xx or 5xx answer to a fetch as a console error of its own; those
// answers are data the page reports and the test asserts on, not errors of the page.
const httpStatusNotice = /^Failed to load resource: the server responded with a status of \d{3}\b/;

/**
 * What a page reported, and every console error (but Chromium's notice of an HTTP error
 * status) and uncaught error it raised on the way.
 */
export type PageRun<T> = { report: PageReport<T>; problems: string[] };

/**
 * Opens `url` in a fresh browser context (no service worker or storage from an earlier
 * run), waits for the page's {@link PageReport} and closes the context again.
 *
 * @example
 * const { report, problems } = await runPage(browser, site.url);
 * expect(problems).toEqual([]);
 */
export async function runPage<T>(
  browser: Browser,
  url: string,
  timeoutMs = 20_000,
): Promise<PageRun<T>> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() !== "error" || httpStatusNotice.test(message.text())) return;
      problems.push(`console.error: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`uncaught: ${error.stack ?? error.message}`));
    await page.goto(url);
    const outcome = await page.waitForFunction(
      () => (globalThis as { pageReport?: unknown }).pageReport,
      undefined,
      { timeout: timeoutMs },
    );
    return { report: (await outcome.jsonValue()) as PageReport<T>, problems };
  } finally {
    await context.close();
  }
}
