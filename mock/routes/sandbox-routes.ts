import { randomBytes, timingSafeEqual } from "node:crypto";
import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import express, { type ErrorRequestHandler, type RequestHandler, Router } from "express";
import { ApiError } from "../errors/api-error.ts";
import { schemaErrorMessage } from "../errors/schema-error-message.ts";
import type { JournalEntry } from "../http/record-requests.ts";
import type { BoundedLog } from "../sandbox/bounded-log.ts";
import type { Faults } from "../sandbox/faults.ts";
import {
  type ConversationSeed,
  conversationFromSeed,
  conversationSeedSchema,
} from "../store/seed.ts";
import type { Store } from "../store/store.ts";

/** What the control surface reads and changes. */
export interface SandboxControl {
  store: Store;
  faults: Faults;
  journal: BoundedLog<JournalEntry>;
  providerLog: { entries(): unknown[]; readonly dropped: number; readonly limit: number };
  /** The image catalogue's names, descriptions and outcomes. */
  images(): Promise<unknown[]>;
  /** Restores the seed and clears state, journal, provider log and faults. */
  reset(): void;
  now: () => Date;
  startedAt: Date;
  /** When set, every control call must send it in `X-Sandbox-Token`. */
  adminToken?: string | undefined;
}

const newConversationSchema = {
  ...conversationSeedSchema,
  required: ["channel"],
  properties: {
    ...conversationSeedSchema.properties,
    accountId: { type: "string" },
    apiKey: { type: "string" },
  },
};
// Compiled on first use: Ajv's compile is a noticeable part of the sandbox's start-up.
let validateNewConversation: ValidateFunction | undefined;

const parseJson = express.json({ limit: 16 * 1024, strict: false });
const badJson: ErrorRequestHandler = (error, _req, _res, next) => {
  next(
    new ApiError(
      "SANDBOX_INVALID_REQUEST",
      `The body could not be read: ${(error as Error).message}.`,
    ),
  );
};

function requireToken(token: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (token === undefined) return next();
    const sent = Buffer.from(String(req.headers["x-sandbox-token"] ?? ""));
    const want = Buffer.from(token);
    if (sent.length !== want.length || !timingSafeEqual(sent, want)) {
      throw new ApiError(
        "SANDBOX_FORBIDDEN",
        "The sandbox control surface needs the admin token in X-Sandbox-Token.",
      );
    }
    next();
  };
}

/**
 * The sandbox's own surface, mounted at `/__sandbox` (never under `/v1`): health, reset, state,
 * conversations, the provider log, the request journal, faults and the image catalogue.
 */
export function sandboxRoutes(control: SandboxControl): Router {
  const router = Router({ caseSensitive: true });
  router.use(requireToken(control.adminToken));

  router.get("/health", (_req, res) => {
    res.json({
      status: "ok",
      uptimeSeconds: Math.round((control.now().getTime() - control.startedAt.getTime()) / 1000),
      accounts: control.store.accounts().length,
      conversations: control.store.conversations().length,
    });
  });

  router.post("/reset", (_req, res) => {
    control.reset();
    res.status(204).end();
  });

  router.get("/state", (_req, res) => {
    const conversations = control.store.conversations();
    res.json({
      accounts: control.store.accounts().map((account) => ({
        ...account,
        conversations: conversations.filter((c) => c.accountId === account.id),
      })),
    });
  });

  const createConversation: RequestHandler = (req, res) => {
    validateNewConversation ??= new Ajv2020().compile(newConversationSchema);
    if (!validateNewConversation(req.body)) {
      const message = schemaErrorMessage(validateNewConversation.errors?.[0]);
      throw new ApiError("SANDBOX_INVALID_REQUEST", `${message}.`);
    }
    const body = req.body as Partial<ConversationSeed> & { accountId?: string; apiKey?: string };
    const account = body.apiKey
      ? control.store.findAccountByKey(body.apiKey)
      : control.store.accounts().find((a) => a.id === (body.accountId ?? "acct_alice"));
    if (!account) throw new ApiError("SANDBOX_INVALID_REQUEST", "No such account.");
    const id = body.id ?? `conv_${randomBytes(6).toString("hex")}`;
    if (control.store.findConversation(id)) {
      throw new ApiError("SANDBOX_INVALID_REQUEST", `Conversation ${id} exists already.`);
    }
    const { accountId: _a, apiKey: _k, ...seed } = body;
    const conversation = conversationFromSeed(
      { ...seed, id } as ConversationSeed,
      account.id,
      control.now(),
    );
    control.store.addConversation(conversation);
    res.status(201).json(conversation);
  };
  router.post("/conversations", parseJson, badJson, createConversation);

  router.get("/provider", (_req, res) => {
    res.json({
      entries: control.providerLog.entries(),
      dropped: control.providerLog.dropped,
      limit: control.providerLog.limit,
    });
  });

  router.get("/requests", (_req, res) => {
    res.json({
      entries: control.journal.entries(),
      dropped: control.journal.dropped,
      limit: control.journal.limit,
    });
  });

  router.get("/faults", (_req, res) => {
    res.json(control.faults.current());
  });

  const setFaults: RequestHandler = (req, res) => {
    try {
      res.json(control.faults.update(req.body));
    } catch (error) {
      throw new ApiError("SANDBOX_INVALID_REQUEST", `${(error as Error).message}.`);
    }
  };
  router.post("/faults", parseJson, badJson, setFaults);

  router.get("/images", async (_req, res) => {
    res.json({ images: await control.images() });
  });

  return router;
}
