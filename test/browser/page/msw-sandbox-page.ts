import type { RequestHandler } from "msw";
import { setupWorker } from "msw/browser";
import { report } from "./report.ts";

/** One call the page made, as the test reads it: the status and the parsed JSON body, if any. */
export type Exchange = { status: number; body: unknown };

const api = "https://api.agentphone.ai";
const background = (conversation: string) => `/v1/conversations/${conversation}/background`;
const image = (name: string) => ({ image_url: `https://images.sandbox.test/${name}` });

/** A call through the page's own `fetch`, as an app's code makes it. */
async function call(method: string, path: string, json?: unknown, base = api): Promise<Exchange> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: "Bearer sk_sandbox_alice",
      ...(json === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

/**
 * Starts msw's worker over the sandbox's handlers, walks a background's life through the
 * page's `fetch` (set, set again, refusals, remove, state, reset) and reports every answer
 * by step; then sets an image from the page's own http:// server on the default sandbox and
 * on one made with `allowPrivateImages` (at https://open.sandbox.test). Runs in the browser.
 */
export function runMswSandboxPage(handlers: RequestHandler[]): void {
  report(async () => {
    // The page's own server, over plain http, as a dev server is.
    const { origin } = (globalThis as unknown as { location: { origin: string } }).location;
    const own = { image_url: `${origin}/forest.png` };
    const open = "https://open.sandbox.test";
    await setupWorker(...handlers).start({ onUnhandledRequest: "error", quiet: true });
    // One step at a time, in order: each depends on the state the one before left.
    return {
      set: await call("POST", background("conv_imessage"), image("forest.png")),
      setAgain: await call("POST", background("conv_imessage"), image("forest.png")),
      tooLarge: await call("POST", background("conv_imessage"), image("too-large.png")),
      sms: await call("POST", background("conv_sms"), image("forest.png")),
      remove: await call("DELETE", background("conv_imessage")),
      state: await call("GET", "/__sandbox/state"),
      reset: await call("POST", "/__sandbox/reset", {}),
      stateAfterReset: await call("GET", "/__sandbox/state"),
      ownServerRefused: await call("POST", background("conv_imessage"), own),
      ownServerAllowed: await call("POST", background("conv_imessage"), own, open),
    };
  });
}
