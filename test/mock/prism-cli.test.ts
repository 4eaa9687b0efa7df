import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { takenPort } from "../support/taken-port.ts";

const cli = fileURLToPath(new URL("../../mock/prism-cli.ts", import.meta.url));

/** Runs `npm run mock:prism` (tsx on the CLI) and resolves once it exits. */
function runPrismCli(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", cli, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run mock:prism", () => {
  it("says in one line that the port is taken, and exits non-zero", async () => {
    const { port, server } = await takenPort();
    try {
      const { code, stdout, stderr } = await runPrismCli(["--port", String(port)]);
      expect(code).not.toBe(0);
      expect(stdout).toBe("");
      expect(stderr.trim()).toBe(
        `mock:prism: 127.0.0.1:${port} is in use; stop what runs there or pass --port 0 for any free port.`,
      );
    } finally {
      server.close();
    }
  });
});
