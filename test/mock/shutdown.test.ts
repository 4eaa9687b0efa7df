import type { ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { type SpawnedSandbox, spawnSandbox } from "../../contracts/spawn-sandbox.ts";

const api = "/v1/conversations/conv_imessage/background";

/** Stops reading the sandbox's stdout while keeping the pipe open, as a careless parent does. */
function stopReading(sandbox: SpawnedSandbox): void {
  sandbox.child.stdout?.removeAllListeners("data");
  sandbox.child.stdout?.pause();
}

/** Sends `count` API calls that each log a line at info, a few at a time. */
async function logLines(url: string, count: number): Promise<void> {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent++;
      const response = await fetch(`${url}${api}`, {
        method: "DELETE",
        headers: { authorization: "Bearer sk_sandbox_alice" },
      });
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

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

/** Resolves once the sandbox has stopped accepting connections, i.e. it took the signal. */
async function refusesConnections(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  for (;;) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(port), hostname, () => {
        socket.destroy();
        resolve(false);
      });
      socket.on("error", () => resolve(true));
    });
    if (refused) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("stopping the sandbox's command line", () => {
  it("exits 0 on SIGTERM after thousands of logged requests nobody read from stdout", async () => {
    const sandbox = await spawnSandbox(["--port", "0"]);
    stopReading(sandbox);
    await logLines(sandbox.url, 3_000);
    const exit = exitWithin(sandbox.child, 10_000);
    sandbox.child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });

  it("exits 130 on a second SIGTERM while a request is in flight and stdout is not read", async () => {
    const sandbox = await spawnSandbox(["--port", "0"]);
    stopReading(sandbox);
    await logLines(sandbox.url, 1_000);
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ latencyMs: 5_000 }),
    });
    await inFlight(sandbox.url);
    const exit = exitWithin(sandbox.child, 10_000);
    sandbox.child.kill("SIGTERM");
    await refusesConnections(sandbox.url);
    sandbox.child.kill("SIGTERM");
    expect(await exit).toBe(130);
  });

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
