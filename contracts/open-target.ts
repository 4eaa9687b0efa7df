import { expect, inject } from "vitest";
import { startPrism } from "../mock/prism.ts";
import { createSandbox } from "../mock/server.ts";
import { readCassette } from "./cassette/cassette.ts";
import { noteOpenedTarget } from "./cassette/record-fetch.ts";
import { allMutations, type Mutation } from "./mutations.ts";
import type { Profile } from "./sandbox-profile.ts";
import { type Target, TargetConfigError } from "./target.ts";
import { readTargetEnv } from "./target-env.ts";
import { prismTarget } from "./targets/prism-target.ts";
import { remoteTarget } from "./targets/remote-target.ts";
import { sandboxTarget } from "./targets/sandbox-target.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Set per project by the vitest config: which target this project runs against. */
    contractTarget: string;
    contractMutation: string;
    /** Set by the global setup when it started the target (the CLI, or Prism). */
    contractBaseUrl: string;
  }
}

/** The in-process sandboxes give up on downloads sooner, so `slow.png` is quick to test. */
const fakeImageTimeoutMs = 300;

/**
 * `CONTRACT_PROFILE` (`--profile`): what a sandbox reached over HTTP is held to, `sandbox`
 * (the default) or `documents` only, for a server that is not this kit's sandbox but has
 * its control surface.
 */
function profileFromEnv(): Profile {
  const profile = process.env.CONTRACT_PROFILE || "sandbox";
  if (profile !== "sandbox" && profile !== "documents") {
    throw new TargetConfigError(`CONTRACT_PROFILE must be sandbox or documents, got ${profile}.`);
  }
  return profile;
}

function mutationNamed(name: string | undefined): Mutation | undefined {
  if (name === undefined) return undefined;
  const mutation = allMutations[name];
  if (!mutation) {
    throw new TargetConfigError(
      `CONTRACT_FAKE_MUTATION must be one of ${Object.keys(allMutations).join(", ")}.`,
    );
  }
  return mutation;
}

/**
 * Opens the target this test run is for: the project's provided settings first, then
 * `CONTRACT_*` variables. Each test file opens its own and closes it in `afterAll`.
 *
 * @example
 * const target = await openTarget();
 * afterAll(() => target.close());
 */
export async function openTarget(): Promise<Target> {
  const target = await openConfiguredTarget();
  // A run with --record keeps the target's settings for the cassette's header.
  await noteOpenedTarget(target);
  return target;
}

/** The target the project's settings and the environment name, opened. */
async function openConfiguredTarget(): Promise<Target> {
  const name = inject("contractTarget") || process.env.CONTRACT_TARGET;
  const provided = inject("contractBaseUrl");
  const env = readTargetEnv({
    ...process.env,
    CONTRACT_TARGET: name,
    CONTRACT_FAKE_MUTATION: inject("contractMutation") || process.env.CONTRACT_FAKE_MUTATION,
    // Prism is always the one the global setup started, whatever CONTRACT_BASE_URL says.
    CONTRACT_BASE_URL: name === "prism" ? provided : provided || process.env.CONTRACT_BASE_URL,
  });
  switch (env.name) {
    case "fake": {
      const mutation = mutationNamed(env.mutation);
      const sandbox = await createSandbox({
        port: 0,
        logLevel: "silent",
        imageTimeoutMs: fakeImageTimeoutMs,
        ...mutation?.options({ imageTimeoutMs: fakeImageTimeoutMs }),
      });
      return sandboxTarget({
        name: "fake",
        label: mutation ? `fake with bug: ${mutation.bug}` : "fake (in process)",
        baseUrl: sandbox.url,
        apiKey: "sk_sandbox_alice",
        close: () => sandbox.close(),
      });
    }
    case "msw": {
      const mutation = mutationNamed(env.mutation);
      // Loaded only when asked for: msw is the package's optional peer.
      const { mswTarget } = await import("./targets/msw-target.ts");
      return mswTarget({
        label: mutation ? `msw with bug: ${mutation.bug}` : "msw (setupServer, in process)",
        file: expect.getState().testPath ?? "a contract file",
        imageTimeoutMs: fakeImageTimeoutMs,
        mutation: mutation?.options({ imageTimeoutMs: fakeImageTimeoutMs }),
      });
    }
    case "prism": {
      if (env.baseUrl) return prismTarget(env.baseUrl);
      const prism = await startPrism({ port: 0 });
      return prismTarget(prism.url, () => prism.stop());
    }
    case "replay": {
      const { replayTarget } = await import("./targets/replay-target.ts");
      return replayTarget(readCassette(env.cassette), env.cassette);
    }
    case "live":
      // Never anything under /__sandbox: the live API has no such surface.
      return remoteTarget(env);
    case "http": {
      const adminToken = process.env.CONTRACT_ADMIN_TOKEN;
      const health = await fetch(`${env.baseUrl}/__sandbox/health`, {
        headers: adminToken ? { "x-sandbox-token": adminToken } : {},
      }).catch(() => undefined);
      if (health === undefined) {
        throw new TargetConfigError(`CONTRACT_BASE_URL=${env.baseUrl}: nothing answers there.`);
      }
      if (health.status === 401 || health.status === 403) {
        throw new TargetConfigError(
          `${env.baseUrl}/__sandbox refused the admin token: set CONTRACT_ADMIN_TOKEN to the one the sandbox printed.`,
        );
      }
      if (!health.ok) return remoteTarget(env);
      return sandboxTarget({
        name: "http",
        label: `http (${env.baseUrl})`,
        baseUrl: env.baseUrl,
        apiKey: env.apiKey,
        adminToken,
        profile: profileFromEnv(),
        close: async () => {},
      });
    }
  }
}
