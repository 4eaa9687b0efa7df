import type { TestProject } from "vitest/node";
import { startPrism } from "../mock/prism.ts";
import { spawnSandbox } from "./spawn-sandbox.ts";

/**
 * Starts, once per project, the target that runs as its own process: the sandbox's CLI for
 * `http` (unless `CONTRACT_BASE_URL` names one already) and Prism for `prism`.
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  const target = project.config.provide.contractTarget;
  if (target === "http" && !process.env.CONTRACT_BASE_URL) {
    // Exactly what `npm start` runs, on a free port, with its own 10 s image deadline: the
    // suite asks for a shorter one per request, as it does of a user's running sandbox.
    const sandbox = await spawnSandbox(["--port", "0", "--log-level", "silent"]);
    project.provide("contractBaseUrl", sandbox.url);
    return async () => {
      await sandbox.stop();
    };
  }
  if (target === "prism") {
    const prism = await startPrism({ port: 0 });
    project.provide("contractBaseUrl", prism.url);
    return () => prism.stop();
  }
  return undefined;
}
