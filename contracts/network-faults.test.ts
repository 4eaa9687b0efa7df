import { AgentPhoneClient, AgentPhoneError, AgentPhoneTimeoutError } from "agentphone";
import { afterAll, beforeAll, describe, it, type TestContext } from "vitest";
import type { FaultKind } from "../mock/core/sandbox/fault-kinds.ts";
import { needs, needsValue } from "./needs.ts";
import { openTarget } from "./open-target.ts";
import { recordSdkOutcome } from "./sdk-outcome.ts";

const target = await openTarget();
afterAll(() => target.close());

// A 429 with `Retry-After: 0` (which the SDK ignores, backing off 1 s) or an
// `X-RateLimit-Reset` of the current second keeps the SDK's waits near a second.
beforeAll(async () => {
  if (target.capabilities.faults) await target.faults?.({ retryAfterSeconds: 0 });
});

/**
 * A `fetch` for the SDK that asks for `kind` in `X-Sandbox-Fault` on its first attempt
 * only, so the SDK's own retries proceed, and counts its attempts. Per request: tests
 * running side by side share no fault settings.
 */
function faultOnFirstAttempt(kind: FaultKind) {
  let attempts = 0;
  const faulted: typeof fetch = (input, init) => {
    attempts += 1;
    const headers = new Headers(init?.headers);
    if (attempts === 1) headers.set("x-sandbox-fault", kind);
    return fetch(input, { ...init, headers });
  };
  return { fetch: faulted, attempts: () => attempts };
}

/** How a call to the SDK ended, in words for the report, and what the test checks. */
interface Settled {
  text: string;
  /** The first line of what was thrown. */
  message?: string;
  /** The error's class and status, or `resolved`, or `non-json` for that resolved failure. */
  kind: string;
  readable: boolean;
}

async function settle(call: Promise<unknown>): Promise<Settled> {
  try {
    const value = (await call) as { ok?: boolean; error?: { reason?: string } } | undefined;
    if (value?.ok === false) {
      const reason = value.error?.reason;
      return {
        text: `resolves {ok: false, error: {reason: "${reason}"}}`,
        kind: `${reason}`,
        readable: false,
      };
    }
    return {
      text: value === undefined ? "resolves undefined" : "resolves the answer",
      kind: "resolved",
      readable: true,
    };
  } catch (error) {
    const name = error instanceof Error ? error.constructor.name : typeof error;
    const status = (error as AgentPhoneError).statusCode;
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    const text =
      status === undefined ? `throws ${name}, no status: ${message}` : `throws ${name} ${status}`;
    const kind =
      error instanceof AgentPhoneError || error instanceof AgentPhoneTimeoutError
        ? `${name} ${status ?? "no status"}`
        : name;
    return { text, kind, message, readable: false };
  }
}

interface FaultCase {
  fault: FaultKind;
  /** Why the SDK ends as it does. */
  why: string;
  want: { kind: string; message?: string; attempts: number; versionsAdded: number };
  /** The removal rather than the set. */
  removal?: boolean;
  /** The SDK's own timeout, in seconds, and how long the caller waits before aborting. */
  timeoutInSeconds?: number;
  abortAfterMs?: number;
}

const cases: FaultCase[] = [
  {
    fault: "reset",
    why: "a network error is thrown at once, never retried, though nothing was done",
    want: { kind: "AgentPhoneError no status", attempts: 1, versionsAdded: 0 },
  },
  {
    fault: "empty-reply",
    why: "a connection closed with no answer is a network error too: thrown, not retried",
    want: { kind: "AgentPhoneError no status", attempts: 1, versionsAdded: 0 },
  },
  {
    fault: "redirect",
    why: "fetch follows the 307 by itself, sending the body again; the SDK sees one answer",
    want: { kind: "resolved", attempts: 1, versionsAdded: 1 },
  },
  {
    fault: "rate-limit",
    why: "a 429 is retried after its wait, and the retry does the change once",
    want: { kind: "resolved", attempts: 2, versionsAdded: 1 },
  },
  {
    fault: "rate-limit-reset",
    why: "a 429 with X-RateLimit-Reset is retried when the reset comes",
    want: { kind: "resolved", attempts: 2, versionsAdded: 1 },
  },
  {
    fault: "server-error",
    why: "a 503 is retried after the SDK's back-off",
    want: { kind: "resolved", attempts: 2, versionsAdded: 1 },
  },
  {
    fault: "provider-failure",
    why: "a 502 is retried, and nothing was changed by the one that failed",
    want: { kind: "resolved", attempts: 2, versionsAdded: 1 },
  },
  {
    fault: "not-json",
    why: "a 200 that is not JSON resolves, without throwing, to a failure the app must look for; the change was made",
    want: { kind: "non-json", attempts: 1, versionsAdded: 1 },
  },
  {
    fault: "truncated",
    why: "a body cut short is thrown as a network error after the change was made, and not retried",
    want: {
      kind: "AgentPhoneError no status",
      message: "terminated",
      attempts: 1,
      versionsAdded: 1,
    },
  },
  {
    fault: "stall",
    why: "timeoutInSeconds ends at the headers: a body that stalls waits for the caller's abortSignal",
    // The caller's abort, not the SDK's timeout (which says "timeout"), ended it.
    want: {
      kind: "AgentPhoneError no status",
      message: "The user aborted a request",
      attempts: 1,
      versionsAdded: 1,
    },
    timeoutInSeconds: 0.2,
    abortAfterMs: 1000,
  },
  {
    fault: "stall",
    removal: true,
    why: 'a removal stalled before its headers ends at timeoutInSeconds, thrown as a plain AgentPhoneError (message "timeout"), not AgentPhoneTimeoutError, and not retried',
    want: {
      kind: "AgentPhoneError no status",
      message: '"timeout"',
      attempts: 1,
      versionsAdded: 1,
    },
    timeoutInSeconds: 0.2,
  },
];

/** The SDK's client, as an app makes it, with the faulting fetch when given one. */
function client(options: { timeoutInSeconds?: number; fetch?: typeof fetch } = {}) {
  return new AgentPhoneClient({
    token: target.apiKey,
    baseUrl: target.baseUrl,
    maxRetries: 2,
    timeoutInSeconds: options.timeoutInSeconds ?? 5,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
}

async function versionOf(conversationId: string): Promise<number> {
  return (await target.state?.(conversationId))?.version ?? Number.NaN;
}

/** Skips unless the target takes `X-Sandbox-Fault` and can express this fault. */
function needsFault(ctx: TestContext, fault: FaultKind): void {
  needs(ctx, target, "faults", "controlSurface", "writes");
  const { kinds } = needsValue(
    ctx,
    target.faultHeader,
    `${target.name} takes no X-Sandbox-Fault header`,
  );
  if (!kinds.includes(fault)) ctx.skip(`${target.name} cannot express the ${fault} fault`);
}

// One test at a time, as in every contract file: a recorded run replays in order.
describe(`the official SDK against network faults (${target.label})`, () => {
  for (const item of cases) {
    const { fault, why, want, removal } = item;
    const operation = removal ? "removal" : "set";
    it(`${fault} on a ${operation}: ${why}`, async (ctx) => {
      needsFault(ctx, fault);
      const conversationId = await target.conversation();
      const intent = { conversation_id: conversationId, image_url: target.images.a };
      if (removal) await client().conversations.setChatBackground(intent);
      const before = await versionOf(conversationId);

      const faulted = faultOnFirstAttempt(fault);
      const sdk = client({ ...item, fetch: faulted.fetch }).conversations;
      const options =
        item.abortAfterMs === undefined
          ? {}
          : { abortSignal: AbortSignal.timeout(item.abortAfterMs) };
      const settled = await settle(
        removal
          ? sdk.removeChatBackground({ conversation_id: conversationId }, options)
          : sdk.setChatBackground(intent, options),
      );
      const versionsAdded = (await versionOf(conversationId)) - before;
      recordSdkOutcome(ctx, {
        fault: removal ? `${fault} (removal)` : fault,
        outcome: settled.text,
        attempts: faulted.attempts(),
        versionsAdded,
      });

      ctx.expect(settled.kind, settled.text).toBe(want.kind);
      if (want.message !== undefined) ctx.expect(settled.message).toBe(want.message);
      ctx.expect(faulted.attempts(), "attempts").toBe(want.attempts);
      ctx.expect(versionsAdded, "versions added by the call").toBe(want.versionsAdded);

      // The app, which could not read an answer, says the same thing again: one version
      // per intent all the same.
      if (!settled.readable) {
        if (removal)
          await client().conversations.removeChatBackground({ conversation_id: conversationId });
        else await client().conversations.setChatBackground(intent);
      }
      ctx
        .expect(await versionOf(conversationId), "versions after the app's intent")
        .toBe(before + 1);
    });
  }
});
