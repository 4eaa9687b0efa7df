import { HttpResponse, http } from "msw";
import { setupWorker } from "msw/browser";
import { report } from "./report.ts";

// A handler of the page's own, with no sandbox: proof that msw's worker starts, controls
// this page and answers a cross-origin fetch in a real browser.
const worker = setupWorker(
  http.get("https://api.agentphone.ai/ping", () => HttpResponse.json({ pong: true })),
);

report(async () => {
  await worker.start({ onUnhandledRequest: "error", quiet: true });
  const response = await fetch("https://api.agentphone.ai/ping");
  return { status: response.status, body: await response.json() };
});
