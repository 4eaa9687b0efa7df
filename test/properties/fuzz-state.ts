import type { SeenResponse } from "../../contracts/validate-response.ts";
import { type Conversation, historyLimit } from "../../mock/core/store/records.ts";
import type { Store } from "../../mock/core/store/store.ts";
import type { SetChatBackgroundResponse } from "../../openapi/schema.ts";
import { conversationOf, operationOf, presentedCallers } from "./fuzz-oracle.ts";
import type { FuzzRequest } from "./fuzz-request.ts";

/** Every conversation as it was at one moment, by id. */
export type Snapshot = Map<string, Conversation>;

/** A deep copy of the store's conversations. */
export async function snapshot(store: Store): Promise<Snapshot> {
  return new Map((await store.conversations()).map((c) => [c.id, structuredClone(c)]));
}

const callerOfAccount: Record<string, string> = { acct_alice: "alice", acct_bob: "bob" };

/** What is wrong with one conversation on its own: its history must count 1..n without gaps. */
export function historyProblems(conversation: Conversation): string[] {
  const { id, version, history, background } = conversation;
  const problems: string[] = [];
  const versions = history.map((entry) => entry.version);
  const counted = versions.map((_, i) => version - versions.length + 1 + i);
  if (
    versions.join() !== counted.join() ||
    (version <= historyLimit && history.length !== version)
  ) {
    problems.push(`${id}: history versions [${versions.join()}] do not count 1..${version}`);
  }
  const last = history.at(-1);
  const agrees =
    last === undefined || last.action === "remove"
      ? background === null
      : background?.id === last.backgroundId && background.sha256 === last.sha256;
  if (!agrees) problems.push(`${id}: the background is not the last history entry's`);
  return problems;
}

/**
 * What the model forbids in going from `before` to `after` through one answer: only a
 * `changed: true` or a removal of an existing background changes anything, exactly one
 * version up, in the caller's own account.
 */
export function transitionProblems(
  request: FuzzRequest,
  response: SeenResponse,
  before: Snapshot,
  after: Snapshot,
): string[] {
  const problems: string[] = [];
  if ([...before.keys()].join() !== [...after.keys()].join())
    problems.push("conversations came or went");
  const changed = [...after.values()]
    .filter((c) => {
      const was = before.get(c.id);
      return was?.version !== c.version || was.background?.id !== c.background?.id;
    })
    .map((c) => c.id);
  const id = conversationOf(request) ?? "";
  const was = before.get(id);
  const now = after.get(id);
  const operation = operationOf(request);
  let allowed: string[] = [];
  if (operation === "setChatBackground" && response.status === 200) {
    const body = response.body as SetChatBackgroundResponse;
    if (body.conversationId !== id) problems.push(`answered for ${body.conversationId}, not ${id}`);
    if (body.changed) {
      allowed = [id];
      if (now?.version !== (was?.version ?? -2) + 1)
        problems.push(`${id}: changed, but not one version up`);
      if (body.backgroundVersion !== now?.version || body.backgroundId !== now?.background?.id) {
        problems.push(`${id}: the answer is not the state (${JSON.stringify(now?.background)})`);
      }
      if (was?.background?.id === body.backgroundId) problems.push(`${id}: changed kept the id`);
      if (was?.background?.sha256 === now?.background?.sha256) {
        problems.push(`${id}: changed: true for the bytes it already had`);
      }
    } else if (
      was?.background == null ||
      body.backgroundId !== was.background.id ||
      body.backgroundVersion !== was.version
    ) {
      problems.push(`${id}: changed: false, but not the background it had`);
    }
  }
  if (operation === "removeChatBackground" && response.status === 204 && was?.background) {
    allowed = [id];
    if (now?.version !== was.version + 1 || now.background !== null) {
      problems.push(`${id}: a removal that did not clear it one version up`);
    }
  }
  if (changed.join() !== allowed.join()) {
    problems.push(
      `changed [${changed.join()}] after ${response.status}; the model allows [${allowed.join()}]`,
    );
  }
  const callers: string[] = presentedCallers(request);
  for (const changedId of changed) {
    const owner = callerOfAccount[after.get(changedId)?.accountId ?? ""] ?? "";
    if (!callers.includes(owner)) {
      problems.push(
        `${changedId} of ${owner} changed by a request with the key of [${callers.join()}]`,
      );
    }
  }
  for (const conversation of after.values()) problems.push(...historyProblems(conversation));
  return problems;
}

/** Whether a JSON body reached `Object.prototype`, in this process, where the sandbox runs. */
export function pollutionProblems(): string[] {
  const polluted = Object.getOwnPropertyNames(Object.prototype).filter((name) =>
    ["polluted", "image_url", "prototype"].includes(name),
  );
  return polluted.length === 0 ? [] : [`Object.prototype gained ${polluted.join()}`];
}
