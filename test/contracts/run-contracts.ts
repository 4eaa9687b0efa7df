import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The JSON the matrix reporter writes. */
export interface ContractReport {
  targets: string[];
  tests: Record<string, Record<string, { state: "pass" | "fail" | "skip"; note?: string }>>;
  observations: Record<string, Record<string, string[]>>;
  /** Per target, how it differed from the sandbox's profile where the documents allow it. */
  differences?: Record<string, string[]>;
  /** Per target, every error code it answered with. */
  codes?: Record<string, string[]>;
}

/** Runs `npm run contracts` (its script, not npm) as a user would, and reads its JSON report. */
export async function runContracts(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string; report: ContractReport | undefined }> {
  const dir = await mkdtemp(join(tmpdir(), "contracts-"));
  const json = join(dir, "report.json");
  try {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "contracts/run.ts", ...args, "--json", json],
      {
        cwd: root,
        env: { ...process.env, ...env, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    const report = await readFile(json, "utf8").then(
      (text) => JSON.parse(text) as ContractReport,
      () => undefined,
    );
    return { code, output, report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The tests that failed on `target` (every target's failures when none is named). */
export function failuresOf(report: ContractReport | undefined, target?: string): string[] {
  return Object.entries(report?.tests ?? {})
    .filter(([, cells]) =>
      target === undefined
        ? Object.values(cells).some((cell) => cell.state === "fail")
        : cells[target]?.state === "fail",
    )
    .map(([name]) => name);
}
