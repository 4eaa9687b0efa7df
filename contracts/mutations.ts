import type { SandboxOptions } from "../mock/build-sandbox.ts";
import { ApiError } from "../mock/core/errors/api-error.ts";
import { ImageError } from "../mock/core/images/image.ts";
import { defaultSeed, type Seed } from "../mock/core/store/seed.ts";
import { createSandboxImageLoader } from "../mock/images/sandbox-images.ts";

/** What a mutation changes: options both in-process hosts take (the HTTP sandbox and MSW). */
export type MutationOptions = Pick<
  SandboxOptions,
  "seed" | "loadImage" | "wrapService" | "wrapAnswer"
>;

/** One deliberately broken variant: what is wrong, and the options that put the bug in. */
export interface Mutation {
  bug: string;
  /** The options, given how long the host lets a download take (a loader it replaces keeps to it). */
  options(host: { imageTimeoutMs: number }): MutationOptions;
}

/**
 * Deliberately broken variants of the sandbox. The suite must fail against every one, on
 * either in-process host: `test/contracts/teeth.test.ts` proves it. Each is the sandbox
 * with one bug put in.
 */
export const mutations: Record<string, Mutation> = {
  versionNotBumped: {
    bug: "a change answers the old version",
    options: () => ({
      wrapService: (service) => ({
        ...service,
        async setBackground(...args) {
          const answer = await service.setBackground(...args);
          return answer.changed
            ? { ...answer, backgroundVersion: (answer.backgroundVersion ?? 1) - 1 }
            : answer;
        },
      }),
    }),
  },
  changedAlwaysTrue: {
    bug: "every set answers changed: true",
    options: () => ({
      wrapService: (service) => ({
        ...service,
        setBackground: async (...args) => ({
          ...(await service.setBackground(...args)),
          changed: true,
        }),
      }),
    }),
  },
  smsAccepted: {
    bug: "an SMS conversation is treated as iMessage",
    options: () => {
      const seed: Seed = structuredClone(defaultSeed);
      for (const account of seed.accounts) {
        for (const conversation of account.conversations) {
          if (conversation.channel === "sms") conversation.channel = "imessage";
        }
      }
      return { seed };
    },
  },
  requiredFieldDropped: {
    bug: "the set answer has no channel",
    options: () => ({
      wrapService: (service) => ({
        ...service,
        async setBackground(...args) {
          const { channel: _dropped, ...rest } = await service.setBackground(...args);
          return rest as Awaited<ReturnType<typeof service.setBackground>>;
        },
      }),
    }),
  },
  otherAccountForbidden: {
    bug: "another account's conversation answers 403 instead of 404",
    options: () => {
      const forbid = (error: unknown): never => {
        if (
          error instanceof ApiError &&
          error.code === "CONVERSATION_NOT_FOUND" &&
          /conv_bob/.test(error.message)
        ) {
          throw new ApiError("SANDBOX_FORBIDDEN", "This conversation belongs to another account.");
        }
        throw error;
      };
      return {
        wrapService: (service) => ({
          setBackground: (...args) => service.setBackground(...args).catch(forbid),
          removeBackground: (...args) => service.removeBackground(...args).catch(forbid),
        }),
      };
    },
  },
  oversizedAccepted: {
    bug: "an image over 10 MiB is accepted",
    options: ({ imageTimeoutMs }) => {
      const { loadImage } = createSandboxImageLoader({ deadlineMs: imageTimeoutMs });
      return {
        async loadImage(url, signal) {
          try {
            return await loadImage(url, signal);
          } catch (error) {
            if (!(error instanceof ImageError) || error.code !== "IMAGE_TOO_LARGE") throw error;
            return loadImage("https://images.sandbox.test/exactly-10mib.png", signal);
          }
        },
      };
    },
  },
};

/** A body in neither documented shape: no envelope, no `detail`, no set answer's fields. */
const brokenBody = JSON.stringify({ message: "broken" });

const onTheApi = (url: string) => url.startsWith("/v1/");

/**
 * Broken variants of what the wire promises, one for each status the spec lists (answered
 * with a body the spec does not allow there) and each header it promises (left out): the
 * suite must observe every one of them directly, so each must make it fail.
 * `test/contracts/teeth-wire.test.ts` proves it, on the HTTP sandbox.
 */
export const wireMutations: Record<string, Mutation> = {
  wwwAuthenticateDropped: {
    bug: "401 without WWW-Authenticate",
    options: () => ({
      wrapAnswer(answer, request) {
        if (answer.status !== 401 || !onTheApi(request.url)) return answer;
        const { "www-authenticate": _dropped, ...headers } = answer.headers;
        return { ...answer, headers };
      },
    }),
  },
  retryAfterDropped: {
    bug: "429 without Retry-After",
    options: () => ({
      wrapAnswer(answer, request) {
        if (answer.status !== 429 || !onTheApi(request.url)) return answer;
        const { "retry-after": _dropped, ...headers } = answer.headers;
        return { ...answer, headers };
      },
    }),
  },
};

// Neither host can send a 204 with a body (Node drops it, a Response refuses it): a broken
// 204 is a removal answered 200 with one.
wireMutations.status204Broken = {
  bug: "a removal answers 200 with a body instead of 204",
  options: () => ({
    wrapAnswer(answer, request) {
      if (answer.status !== 204 || !onTheApi(request.url)) return answer;
      const headers = { ...answer.headers, "content-type": "application/json" };
      return { ...answer, status: 200, headers, body: brokenBody };
    },
  }),
};

for (const status of [200, 400, 401, 403, 404, 408, 422, 429, 500, 502, 503, 504]) {
  wireMutations[`status${status}Broken`] = {
    bug: `${status} answered with a body the spec does not allow there`,
    options: () => ({
      wrapAnswer(answer, request) {
        if (answer.status !== status || !onTheApi(request.url)) return answer;
        const headers = { ...answer.headers, "content-type": "application/json" };
        return { ...answer, headers, body: brokenBody };
      },
    }),
  };
}

/** Every broken variant, by the name `--target fake:<name>` takes. */
export const allMutations: Record<string, Mutation> = { ...mutations, ...wireMutations };
