import type { TestProjectInlineConfiguration } from "vitest/config";
import { contractsDir, moduleExtension, suiteModule } from "./paths.ts";

/**
 * A vitest project that runs the contract suite against one target, e.g. `fake`, `msw`,
 * `prism`, or `fake:versionNotBumped` (the sandbox with a bug put in).
 */
export function contractProject(entry: string): TestProjectInlineConfiguration {
  const [target = "fake", mutation = ""] = entry.split(":");
  const shared = target === "http" || target === "live";
  return {
    extends: true,
    test: {
      name: `contracts:${entry}`,
      // Wherever the suite is: a checkout's sources, or the installed package's dist/.
      dir: contractsDir,
      include: [`**/*.test.${moduleExtension}`],
      globalSetup: [suiteModule("global-setup")],
      // Records or replays the run's requests when asked to (--record, --target replay).
      setupFiles: [suiteModule("cassette/setup")],
      provide: { contractTarget: target, contractMutation: mutation, contractBaseUrl: "" },
      // A shared target (the CLI's sandbox, the live API's one conversation) runs one file
      // at a time; fake and msw give each file a sandbox of its own, and Prism keeps no state.
      fileParallelism: !shared,
      // vitest runs projects of different parallelism in turn, as groups of their own.
      ...(shared ? { sequence: { groupOrder: 1 } } : {}),
      // Each file opens its own target, so the files can share one module graph: far less
      // importing when many targets run side by side.
      isolate: false,
    },
  };
}
