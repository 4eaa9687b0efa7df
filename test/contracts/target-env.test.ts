import { describe, expect, it } from "vitest";
import { readTargetEnv } from "../../contracts/target-env.ts";

describe("readTargetEnv", () => {
  it("defaults to the in-process fake", () => {
    expect(readTargetEnv({})).toEqual({ name: "fake", mutation: undefined });
  });

  it("gives the MSW handlers the same broken variants as the fake", () => {
    expect(
      readTargetEnv({ CONTRACT_TARGET: "msw", CONTRACT_FAKE_MUTATION: "smsAccepted" }),
    ).toEqual({ name: "msw", mutation: "smsAccepted" });
  });

  const refusals = [
    {
      given: "an unknown target",
      env: { CONTRACT_TARGET: "staging" },
      want: /must be one of fake, msw, http, prism, live/,
    },
    {
      given: "http without a base URL",
      env: { CONTRACT_TARGET: "http" },
      want: /needs CONTRACT_BASE_URL/,
    },
    {
      given: "live without anything",
      env: { CONTRACT_TARGET: "live" },
      want: /AGENTPHONE_API_KEY, CONTRACT_CONVERSATION_ID, CONTRACT_IMAGE_URL_A, CONTRACT_IMAGE_URL_B/,
    },
    {
      given: "a base URL that is not a URL",
      env: { CONTRACT_TARGET: "http", CONTRACT_BASE_URL: "localhost 4010" },
      want: /CONTRACT_BASE_URL is not a URL/,
    },
  ];
  for (const { given, env, want } of refusals) {
    it(`refuses ${given} in one sentence`, () => {
      expect(() => readTargetEnv(env)).toThrow(want);
    });
  }

  it("points live at production and keeps it read-only unless writes are allowed", () => {
    const env = {
      CONTRACT_TARGET: "live",
      AGENTPHONE_API_KEY: "sk_live_x",
      CONTRACT_CONVERSATION_ID: "conv_1",
      CONTRACT_IMAGE_URL_A: "https://a.example/a.png",
      CONTRACT_IMAGE_URL_B: "https://a.example/b.png",
    };
    expect(readTargetEnv(env)).toMatchObject({
      baseUrl: "https://api.agentphone.ai",
      apiKey: "sk_live_x",
      allowWrites: false,
    });
    expect(readTargetEnv({ ...env, CONTRACT_ALLOW_WRITES: "1" })).toMatchObject({
      allowWrites: true,
    });
  });
});
