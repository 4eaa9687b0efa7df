import { randomBytes } from "node:crypto";
import type { ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import express, { type ErrorRequestHandler, type RequestHandler, Router } from "express";
import { ApiError } from "../core/errors/api-error.ts";
import { schemaErrorMessage } from "../core/errors/schema-error-message.ts";
import type { BoundedLog } from "../core/sandbox/bounded-log.ts";
import type { Faults } from "../core/sandbox/faults.ts";
import type { Conversation } from "../core/store/records.ts";
import {
  type ConversationSeed,
  conversationFromSeed,
  conversationSeedSchema,
} from "../core/store/seed.ts";
import type { Store } from "../core/store/store.ts";
import { guardControl } from "../http/guard-control.ts";
import type { JournalEntry } from "../http/record-requests.ts";

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
  /** How many API calls are being answered now. */
  inFlight(): number;
  now: () => Date;
  startedAt: Date;
  /** When set, every control call must send it in `X-Sandbox-Token`. */
  adminToken?: string | undefined;
  /** Bound to loopback: control calls must be addressed to a loopback name. */
  loopbackOnly: boolean;
  /** How many conversations the store may hold. */
  maxConversations: number;
}

/** How many conversations `GET /__sandbox/state` shows at most per page, and by default. */
export const statePage = { max: 1000, default: 100 } as const;

const newConversationSchema = {
  ...conversationSeedSchema,
  required: ["channel"],
  properties: {
    ...conversationSeedSchema.properties,
    accountId: { type: "string", pattern: "^[A-Za-z0-9_-]{1,128}$" },
    apiKey: { type: "string", pattern: "^\\S{8,256}$" },
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

function invalid(message: string): ApiError {
  return new ApiError("SANDBOX_INVALID_REQUEST", message);
}

/** The page of conversations `GET /state?limit=N&after=ID` asks for. */
function pageOf(url: string, conversations: Conversation[]): Conversation[] {
  const query = new URL(url, "http://sandbox.invalid").searchParams;
  const limitText = query.get("limit") ?? String(statePage.default);
  const limit = Number(limitText);
  if (!/^\d+$/.test(limitText) || limit < 1 || limit > statePage.max) {
    throw invalid(`limit must be a whole number from 1 to ${statePage.max}.`);
  }
  const after = query.get("after");
  let start = 0;
  if (after !== null) {
    start = conversations.findIndex((c) => c.id === after) + 1;
    if (start === 0) throw invalid(`after names no conversation: ${JSON.stringify(after)}.`);
  }
  return conversations.slice(start, start + limit);
}

/**
 * The sandbox's own surface, mounted at `/__sandbox` (never under `/v1`): health, reset, state,
 * conversations, the provider log, the request journal, faults and the image catalogue.
 */
export function sandboxRoutes(control: SandboxControl): Router {
  const router = Router({ caseSensitive: true });
  router.use(guardControl(control));

  router.get("/health", (_req, res) => {
    res.json({
      status: "ok",
      uptimeSeconds: Math.round((control.now().getTime() - control.startedAt.getTime()) / 1000),
      accounts: control.store.accounts().length,
      conversations: control.store.conversations().length,
      inFlight: control.inFlight(),
    });
  });

  router.post("/reset", (_req, res) => {
    control.reset();
    res.status(204).end();
  });

  router.get("/state", (req, res) => {
    const all = control.store.conversations();
    const page = pageOf(req.originalUrl, all);
    const last = page.at(-1);
    const more = last !== undefined && all.at(-1) !== last;
    res.json({
      accounts: control.store.accounts().map((account) => ({
        ...account,
        conversations: page.filter((c) => c.accountId === account.id),
      })),
      page: { total: all.length, count: page.length, next: more ? last.id : null },
    });
  });

  const createConversation: RequestHandler = (req, res) => {
    validateNewConversation ??= new Ajv2020().compile(newConversationSchema);
    if (!validateNewConversation(req.body)) {
      const message = schemaErrorMessage(validateNewConversation.errors?.[0]);
      throw new ApiError("SANDBOX_INVALID_REQUEST", `${message}.`);
    }
    const body = req.body as Partial<ConversationSeed> & { accountId?: string; apiKey?: string };
    const byKey =
      body.apiKey === undefined ? undefined : control.store.findAccountByKey(body.apiKey);
    if (body.apiKey !== undefined && !byKey) throw invalid("No account has that apiKey.");
    const byId =
      body.accountId === undefined
        ? undefined
        : control.store.accounts().find((a) => a.id === body.accountId);
    if (body.accountId !== undefined && !byId) {
      throw invalid(`No account has the accountId ${body.accountId}.`);
    }
    if (byKey && byId && byKey !== byId) {
      throw invalid(`That apiKey is ${byKey.id}'s, not ${byId.id}'s; send one of the two.`);
    }
    const account = byKey ?? byId ?? control.store.accounts().find((a) => a.id === "acct_alice");
    if (!account) throw invalid("Name the account: send its apiKey or accountId.");
    const id = body.id ?? `conv_${randomBytes(6).toString("hex")}`;
    if (control.store.findConversation(id)) throw invalid(`Conversation ${id} exists already.`);
    if (control.store.conversations().length >= control.maxConversations) {
      throw invalid(
        `The sandbox holds ${control.maxConversations} conversations, its limit; reset it to start again.`,
      );
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

  // Answered here rather than by the app's 404, which carries the API's CORS headers.
  router.use((req) => {
    throw new ApiError("NOT_FOUND", `No route for ${req.method} ${req.baseUrl}${req.path}.`);
  });

  return router;
}
