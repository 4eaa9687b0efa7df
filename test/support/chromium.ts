import { accessSync, constants, statSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, type TestContext } from "vitest";

/** Where Debian, Ubuntu and Google's packages put Chromium, in the order they are tried. */
const candidates = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

const installHint = "install it with `sudo apt-get install -y chromium`";

/**
 * Chromium's executable (`CHROMIUM_PATH` first, then the usual system paths), or why the
 * browser tests are skipped. Under `CI=true` a missing Chromium throws instead, so that CI
 * fails rather than passing without its browser tests.
 *
 * @example
 * const found = chromiumOrSkip();
 * if ("skip" in found) ctx.skip(found.skip);
 */
export function chromiumOrSkip(
  env: NodeJS.ProcessEnv = process.env,
): { executablePath: string } | { skip: string } {
  const wanted = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : candidates;
  const executablePath = wanted.find(isExecutable);
  if (executablePath) return { executablePath };
  const reason = env.CHROMIUM_PATH
    ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file; unset it and ${installHint}`
    : `Chromium not found: ${installHint}, or set CHROMIUM_PATH to a Chromium or Chrome executable`;
  if (env.CI === "true") throw new Error(reason);
  return { skip: reason };
}

/** Starts headless Chromium from the system's executable; never a downloaded browser. */
export function launchChromium(executablePath: string): Promise<Browser> {
  // Chromium's sandbox refuses to start as root, which is how CI runs.
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  return chromium.launch({ executablePath, headless: true, args });
}

/**
 * Launches Chromium once for the calling test file and closes it after the file; each test
 * gets the browser from the returned function, or is skipped with how to install it (fails
 * under `CI=true`).
 *
 * @example
 * const browser = useChromium();
 * it("…", async (ctx) => { const page = await browser(ctx).newPage(); … });
 */
export function useChromium(): (ctx: TestContext) => Browser {
  let browser: Browser | undefined;
  let skip = "";
  let missing: unknown;
  beforeAll(async () => {
    let found: ReturnType<typeof chromiumOrSkip>;
    try {
      found = chromiumOrSkip();
    } catch (error) {
      // Thrown again by each test, so that CI counts failed tests, not tests skipped by a hook.
      missing = error;
      return;
    }
    if ("skip" in found) skip = found.skip;
    else browser = await launchChromium(found.executablePath);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return (ctx) => {
    if (missing) throw missing;
    return browser ?? ctx.skip(skip);
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
