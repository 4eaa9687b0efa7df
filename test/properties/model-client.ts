import { specViolations } from "../../contracts/validate-response.ts";
import type { Conversation } from "../../mock/core/store/records.ts";
import {
  type Answer,
  describeOp,
  type Model,
  type Op,
  type ProviderCall,
} from "./background-model.ts";
import { historyProblems } from "./fuzz-state.ts";
import { apiKeys } from "./seeded-sandbox.ts";

/** The system under test: a sandbox listening at `url`. */
export interface Real {
  url: string;
}

/** Sends one op as a client would, and checks the answer against the spec on the way. */
export async function send(real: Real, op: Op): Promise<{ answer: Answer; violations: string[] }> {
  const set = op.kind === "set";
  const response = await fetch(`${real.url}/v1/conversations/${op.conversation}/background`, {
    method: set ? "POST" : "DELETE",
    headers: {
      authorization: `Bearer ${apiKeys[op.actor]}`,
      ...(set ? { "content-type": "application/json" } : {}),
    },
    ...(set ? { body: JSON.stringify({ image_url: `https://img.test/${op.image}` }) } : {}),
  });
  const text = await response.text();
  const body = text === "" ? undefined : JSON.parse(text);
  const seen = { status: response.status, headers: response.headers, text, body };
  const violations = specViolations(set ? "setChatBackground" : "removeChatBackground", seen);
  const answer: Answer = {
    status: response.status,
    code: body?.error?.code,
    changed: body?.changed,
    backgroundId: body?.backgroundId,
    backgroundVersion: body?.backgroundVersion,
  };
  return { answer, violations: violations.map((v) => `${describeOp(op)}: ${v}`) };
}

/** What the control surface shows: every conversation and the provider log. */
export interface Seen {
  conversations: Array<Conversation & { apiKey: string }>;
  providerLog: ProviderCall[];
}

/** Reads the state and the provider log through the control surface. */
export async function look(real: Real): Promise<Seen> {
  const get = async <T>(what: string) =>
    (await (await fetch(`${real.url}/__sandbox/${what}`)).json()) as T;
  const [state, provider] = await Promise.all([
    get<{ accounts: Array<{ apiKey: string; conversations: Conversation[] }> }>("state"),
    get<{ entries: ProviderCall[] }>("provider"),
  ]);
  return {
    conversations: state.accounts.flatMap((account) =>
      account.conversations.map((c) => ({ ...c, apiKey: account.apiKey })),
    ),
    providerLog: provider.entries.map((entry) => ({
      conversationId: entry.conversationId,
      action: entry.action,
      sha256: entry.sha256,
      ok: entry.ok,
      recipientSeesDefault: entry.recipientSeesDefault,
    })),
  };
}

const short = (sha: string | null | undefined) => (sha ? sha.slice(0, 8) : String(sha));
const describeCall = (call: ProviderCall | undefined) =>
  call ? `${call.action} ${short(call.sha256)} on ${call.conversationId} ok=${call.ok}` : "none";

/** Where the sandbox and the model part: every conversation, the history, the provider log. */
export function differences(model: Model, seen: Seen): string[] {
  const problems: string[] = [];
  if (seen.conversations.length !== Object.keys(model.conversations).length) {
    problems.push(`the sandbox has ${seen.conversations.length} conversations`);
  }
  for (const conversation of seen.conversations) {
    const want = model.conversations[conversation.id];
    const got = conversation.background;
    if (want === undefined) {
      problems.push(`${conversation.id} is not in the model`);
      continue;
    }
    if (conversation.apiKey !== apiKeys[want.owner])
      problems.push(`${conversation.id} changed account`);
    if (
      conversation.version !== want.version ||
      (got?.sha256 ?? null) !== want.sha256 ||
      (got?.id ?? null) !== want.backgroundId
    ) {
      problems.push(
        `${conversation.id}: sandbox v${conversation.version} ${short(got?.sha256)} ${got?.id ?? null}, ` +
          `model v${want.version} ${short(want.sha256)} ${want.backgroundId}`,
      );
    }
    problems.push(...historyProblems(conversation));
  }
  if (JSON.stringify(seen.providerLog) !== JSON.stringify(model.providerLog)) {
    problems.push(
      `provider log: sandbox has ${seen.providerLog.length} calls, last ${describeCall(seen.providerLog.at(-1))}; ` +
        `model has ${model.providerLog.length}, last ${describeCall(model.providerLog.at(-1))}`,
    );
  }
  return problems;
}
