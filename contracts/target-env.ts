import { TargetConfigError, type TargetName } from "./target.ts";

/** A target's settings, read from the environment. */
export type TargetEnv =
  | { name: "fake" | "msw"; mutation: string | undefined }
  | { name: "prism"; baseUrl: string | undefined }
  | { name: "replay"; cassette: string }
  | {
      name: "http" | "live";
      baseUrl: string;
      apiKey: string;
      conversationId: string | undefined;
      imageA: string | undefined;
      imageB: string | undefined;
      imageACopy: string | undefined;
      smsConversationId: string | undefined;
      otherConversationId: string | undefined;
      allowWrites: boolean;
    };

// `replay` is no target of its own: it replays the recorded one (see targets/replay-target).
const names: Array<TargetName | "replay"> = ["fake", "msw", "http", "prism", "live", "replay"];

/** The production base URL, used by `live` unless `CONTRACT_BASE_URL` says otherwise. */
export const productionBaseUrl = "https://api.agentphone.ai";

type Env = Record<string, string | undefined>;

function require(env: Env, variables: string[]): void {
  const missing = variables.filter((variable) => !env[variable]);
  if (missing.length > 0) {
    const target = env.CONTRACT_TARGET ?? "fake";
    throw new TargetConfigError(
      `CONTRACT_TARGET=${target} needs ${missing.join(", ")} (see README, "The contract suite").`,
    );
  }
}

function url(env: Env, variable: string): string | undefined {
  const value = env[variable];
  if (value === undefined || value === "") return undefined;
  if (!URL.canParse(value)) throw new TargetConfigError(`${variable} is not a URL: ${value}`);
  return value.replace(/\/+$/, "");
}

/**
 * Reads `CONTRACT_TARGET` and the variables it needs; throws {@link TargetConfigError}
 * naming every missing one at once.
 *
 * @example
 * readTargetEnv({ CONTRACT_TARGET: "live" }); // throws: needs AGENTPHONE_API_KEY, …
 */
export function readTargetEnv(env: Env = process.env): TargetEnv {
  const name = (env.CONTRACT_TARGET || "fake") as TargetName | "replay";
  if (!names.includes(name)) {
    throw new TargetConfigError(
      `--target (CONTRACT_TARGET) must be one of ${names.join(", ")}, fake:MUTATION or msw:MUTATION, not ${name}.`,
    );
  }
  if (name === "fake" || name === "msw") {
    return { name, mutation: env.CONTRACT_FAKE_MUTATION || undefined };
  }
  if (name === "prism") return { name, baseUrl: url(env, "CONTRACT_BASE_URL") };
  if (name === "replay") {
    require(env, ["CONTRACT_CASSETTE"]);
    return { name, cassette: env.CONTRACT_CASSETTE as string };
  }
  if (name === "live") {
    require(env, [
      "AGENTPHONE_API_KEY",
      "CONTRACT_CONVERSATION_ID",
      "CONTRACT_IMAGE_URL_A",
      "CONTRACT_IMAGE_URL_B",
    ]);
  } else {
    require(env, ["CONTRACT_BASE_URL"]);
  }
  return {
    name,
    baseUrl: url(env, "CONTRACT_BASE_URL") ?? productionBaseUrl,
    apiKey: (name === "live" ? env.AGENTPHONE_API_KEY : env.CONTRACT_API_KEY) || "sk_sandbox_alice",
    conversationId: env.CONTRACT_CONVERSATION_ID || undefined,
    imageA: url(env, "CONTRACT_IMAGE_URL_A"),
    imageB: url(env, "CONTRACT_IMAGE_URL_B"),
    imageACopy: url(env, "CONTRACT_IMAGE_URL_A_COPY"),
    smsConversationId: env.CONTRACT_SMS_CONVERSATION_ID || undefined,
    otherConversationId: env.CONTRACT_OTHER_CONVERSATION_ID || undefined,
    // Only a sandbox with a control surface is written to without asking (see open-target).
    allowWrites: env.CONTRACT_ALLOW_WRITES === "1",
  };
}
