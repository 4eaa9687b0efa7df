import { sandboxBin } from "../contracts/spawn-sandbox.ts";
import type { PackedKit } from "./packed-kit.ts";
import type { Precompiled } from "./precompile.ts";
import type { StartupSubject } from "./startup.ts";
import { sandboxCommand, type Target, targets } from "./targets.ts";

/** The name of the start-up row the start-up target is judged on: `npm start`'s own path. */
export const sandboxStartup = "sandbox (npm start)";
/** The name of the installed package's `agentphone-sandbox` row. */
export const packageBinStartup = "package bin (installed)";
/** The name of Prism's start-up row. */
export const prismStartup = "prism";

function target(name: Target["name"]): Target {
  const found = targets.find((t) => t.name === name);
  if (!found) throw new Error(`no target ${name}`);
  return found;
}

/**
 * What the start-up section times: the sandbox as `npm start` runs it (its build in dist/
 * when current); the packed kit's `agentphone-sandbox`, installed in a project, as a user
 * starts it; to split the sandbox's time, its sources through tsx, with tsx's compile cache
 * off too (every module compiled again), and compiled by the bench itself; the bare
 * node:http server with and without tsx (Node's and tsx's own floor); and Prism. A row
 * whose preparation failed (null) is left out.
 */
export function startupSubjects(
  precompiled: Precompiled | null,
  packed: PackedKit | null,
): StartupSubject[] {
  const sandbox = target("sandbox");
  const http = target("node:http");
  const subjects: StartupSubject[] = [
    { name: sandboxStartup, command: sandbox.command, firstRequest: sandbox.firstRequest },
  ];
  if (packed) {
    subjects.push({
      name: packageBinStartup,
      command: sandboxCommand(packed.bin),
      firstRequest: sandbox.firstRequest,
    });
  }
  subjects.push(
    {
      name: "sandbox from sources (tsx)",
      command: sandboxCommand(sandboxBin, { ...process.env, AGENTPHONE_SANDBOX_FROM_SOURCE: "1" }),
      firstRequest: sandbox.firstRequest,
    },
    {
      name: "sandbox from sources, tsx cache off",
      command: sandboxCommand(sandboxBin, {
        ...process.env,
        AGENTPHONE_SANDBOX_FROM_SOURCE: "1",
        TSX_DISABLE_CACHE: "1",
      }),
      firstRequest: sandbox.firstRequest,
    },
  );
  if (precompiled) {
    subjects.push({
      name: "sandbox, precompiled JS",
      command: sandboxCommand(precompiled.sandboxEntry),
      firstRequest: sandbox.firstRequest,
    });
  }
  subjects.push({
    name: "node:http (tsx)",
    command: http.command,
    firstRequest: http.firstRequest,
  });
  if (precompiled) {
    subjects.push({
      name: "node:http (plain JS)",
      command: { ...http.command, args: [precompiled.bareHttpEntry, "--port", "0"] },
      firstRequest: http.firstRequest,
    });
  }
  const prism = target("prism");
  subjects.push({ name: prismStartup, command: prism.command, firstRequest: prism.firstRequest });
  return subjects;
}
