import { createHash } from "node:crypto";
import type { ImageFailureCode } from "../../mock/core/images/image.ts";
import { type Caller, seededConversations } from "./seeded-sandbox.ts";

/** Who sends a command: one of the two seeded accounts. */
export type Actor = Caller;

/** The model's images, at https://img.test/<name>: bytes, or the refusal the loader throws. */
export const modelImages = {
  "forest.png": { bytes: "forest" },
  "ocean.png": { bytes: "ocean" },
  "same-as-forest.png": { bytes: "forest" },
  "too-large.png": { fails: "IMAGE_TOO_LARGE" },
  "bitmap.bmp": { fails: "UNSUPPORTED_IMAGE_TYPE" },
  "missing.png": { fails: "IMAGE_FETCH_FAILED" },
} as const satisfies Record<string, { bytes: string } | { fails: ImageFailureCode }>;
export type ImageName = keyof typeof modelImages;

/** A call on one conversation. */
export type Op =
  | { kind: "set"; actor: Actor; conversation: string; image: ImageName }
  | { kind: "remove"; actor: Actor; conversation: string };

/** What the sandbox answered to one {@link Op}. */
export interface Answer {
  status: number;
  code?: string | undefined;
  changed?: boolean | undefined;
  backgroundId?: string | null | undefined;
  backgroundVersion?: number | undefined;
}

/** One provider call as the model expects the provider log to show it. */
export interface ProviderCall {
  conversationId: string;
  action: "upload" | "clear";
  sha256: string | undefined;
  ok: boolean;
  recipientSeesDefault: boolean;
}

/** One conversation in the model. */
export interface ConversationModel {
  owner: Actor;
  imessage: boolean;
  providerDown: boolean;
  recipientSeesDefault: boolean;
  version: number;
  sha256: string | null;
  backgroundId: string | null;
}

/** The reference model: what the sandbox must hold after every command. */
export interface Model {
  conversations: Record<string, ConversationModel>;
  providerLog: ProviderCall[];
  providerFailNext: number;
  /** Every background id handed out since the reset: a changed answer must bring a new one. */
  usedIds: string[];
}

/** The SHA-256 of a model image's bytes. */
export function sha256Of(image: ImageName): string | undefined {
  const entry = modelImages[image];
  return "bytes" in entry ? createHash("sha256").update(entry.bytes).digest("hex") : undefined;
}

/** The model of a freshly seeded (or reset) sandbox. */
export function initialModel(): Model {
  const conversations: Record<string, ConversationModel> = {};
  for (const [id, seeded] of Object.entries(seededConversations)) {
    conversations[id] = {
      ...seeded,
      recipientSeesDefault: id === "conv_imessage_ios17",
      version: 0,
      sha256: null,
      backgroundId: null,
    };
  }
  return { conversations, providerLog: [], providerFailNext: 0, usedIds: [] };
}

/** A deep copy, for trying one serialisation of a burst without touching the model. */
export function cloneModel(model: Model): Model {
  return structuredClone(model);
}

/**
 * Applies `op` to `model` in place, given what the sandbox answered, and returns what is
 * wrong with the answer (empty when it is the one the model gives). The answer supplies
 * only what the model cannot know: the new background id, which must be fresh.
 */
export function applyOp(model: Model, op: Op, answer: Answer): string[] {
  const conversation = model.conversations[op.conversation];
  const want = (status: number, code?: string): string[] =>
    answer.status === status && answer.code === code
      ? []
      : [
          `${describeOp(op)}: answered ${answer.status} ${answer.code ?? ""}, the model says ${status} ${code ?? ""}`,
        ];
  if (conversation === undefined || conversation.owner !== op.actor) {
    return want(404, "CONVERSATION_NOT_FOUND");
  }
  if (!conversation.imessage) return want(400, "CHANNEL_NOT_SUPPORTED");
  if (op.kind === "set") {
    const image = modelImages[op.image];
    if ("fails" in image) return want(422, image.fails);
    const sha256 = sha256Of(op.image);
    if (conversation.sha256 === sha256) return unchanged(conversation, op, answer);
    if (!callProvider(model, op.conversation, "upload", sha256)) return want(502, "PROVIDER_ERROR");
    const problems = [...want(200), ...changedTo(model, conversation, op, answer)];
    conversation.sha256 = sha256 ?? null;
    return problems;
  }
  if (conversation.sha256 === null) return want(204);
  if (!callProvider(model, op.conversation, "clear", undefined)) return want(502, "PROVIDER_ERROR");
  conversation.version += 1;
  conversation.sha256 = null;
  conversation.backgroundId = null;
  return want(204);
}

/** Logs a provider call; false when it fails (the conversation's provider is down, or a fault is armed). */
function callProvider(
  model: Model,
  conversationId: string,
  action: "upload" | "clear",
  sha256: string | undefined,
): boolean {
  const conversation = model.conversations[conversationId] as ConversationModel;
  // A conversation whose provider is down fails without using up an armed fault.
  const ok = !conversation.providerDown && !(model.providerFailNext > 0);
  if (!conversation.providerDown && model.providerFailNext > 0) model.providerFailNext -= 1;
  const { recipientSeesDefault } = conversation;
  model.providerLog.push({ conversationId, action, sha256, ok, recipientSeesDefault });
  return ok;
}

function unchanged(conversation: ConversationModel, op: Op, answer: Answer): string[] {
  const same =
    answer.status === 200 &&
    answer.changed === false &&
    answer.backgroundId === conversation.backgroundId &&
    answer.backgroundVersion === conversation.version;
  return same
    ? []
    : [
        `${describeOp(op)}: the same bytes again, so 200 changed: false ${conversation.backgroundId} v${conversation.version}; got ${JSON.stringify(answer)}`,
      ];
}

function changedTo(
  model: Model,
  conversation: ConversationModel,
  op: Op,
  answer: Answer,
): string[] {
  conversation.version += 1;
  const id = answer.backgroundId ?? "";
  const fresh = /^bg_[0-9a-f]{15}$/.test(id) && !model.usedIds.includes(id);
  const problems =
    answer.changed === true && answer.backgroundVersion === conversation.version && fresh
      ? []
      : [
          `${describeOp(op)}: new bytes, so 200 changed: true, a new id, v${conversation.version}; got ${JSON.stringify(answer)}`,
        ];
  conversation.backgroundId = id;
  model.usedIds.push(id);
  return problems;
}

/** An op in one short line, for counterexamples and failure messages. */
export function describeOp(op: Op): string {
  return op.kind === "set"
    ? `${op.actor} sets ${op.image} on ${op.conversation}`
    : `${op.actor} removes on ${op.conversation}`;
}

/** Every order of `0..n-1`; a burst of n calls may commit in any of them. */
export function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((rest) =>
    Array.from({ length: n }, (_, at) => [...rest.slice(0, at), n - 1, ...rest.slice(at)]),
  );
}
