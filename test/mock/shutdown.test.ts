import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { spawnSandbox } from "../../contracts/spawn-sandbox.ts";

const api = "/v1/conversations/conv_imessage/background";

/** Resolves with the exit code, or rejects (after a SIGKILL) if the process outlives `ms`. */
function exitWithin(child: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running ${ms} ms after the signal`));
    }, ms);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/**
 * Opens a connection and sends an API call with `Expect: 100-continue`: Node writes
 * `100 Continue` just before it hands the request over, so once that arrives the request
 * is in flight. Resolves with the connection's `received()` text, which grows.
 */
function inFlight(url: string): Promise<{ received(): string; closed: Promise<void> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let text = "";
    const socket = connect(Number(port), hostname, () =>
      socket.write(
        `DELETE ${api} HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer sk_sandbox_alice\r\n` +
          "Origin: https://app.example\r\nExpect: 100-continue\r\n\r\n",
      ),
    );
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      text += chunk;
      if (text.startsWith("HTTP/1.1 100 Continue\r\n\r\n"))
        resolve({ received: () => text, closed });
    });
  });
}

describe("stopping the sandbox's command line", () => {
  it("answers a request still in flight when the grace ends 503 in the envelope, then exits 0", async () => {
    const sandbox = await spawnSandbox([
      "--port",
      "0",
      "--latency",
      "5000",
      "--shutdown-grace",
      "300",
      "--log-level",
      "silent",
    ]);
    const request = await inFlight(sandbox.url);
    const exit = exitWithin(sandbox.child, 10_000);
    sandbox.child.kill("SIGTERM");
    await request.closed;
    const answer = request.received().replace("HTTP/1.1 100 Continue\r\n\r\n", "");
    const [head = "", body = ""] = answer.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/\r\nRetry-After: 1\r\n/i);
    expect(head).toMatch(/\r\nConnection: close\r\n/i);
    expect(head).toMatch(/\r\nAccess-Control-Allow-Origin: \*\r\n/i);
    expect(JSON.parse(body)).toEqual({
      error: {
        message: expect.any(String),
        code: "SERVICE_UNAVAILABLE",
        type: "api_error",
        details: [],
      },
    });
    expect(await exit).toBe(0);
  });
});
