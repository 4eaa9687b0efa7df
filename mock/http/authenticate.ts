import type { RequestHandler, Response } from "express";
import { ApiError } from "../core/errors/api-error.ts";
import type { Account } from "../core/store/records.ts";
import type { Store } from "../core/store/store.ts";

const bearer = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * Answers 401 unless `Authorization: Bearer <key>` names a known account, which it then
 * leaves on `res.locals.account`.
 */
export function authenticate(store: Store): RequestHandler {
  return (req, res, next) => {
    const key = bearer.exec(req.headers.authorization ?? "")?.[1];
    const account = key === undefined ? undefined : store.findAccountByKey(key);
    if (!account) {
      const message = req.headers.authorization
        ? "Invalid API key. Send Authorization: Bearer followed by a valid key."
        : "Missing API key. Send Authorization: Bearer followed by your key.";
      throw new ApiError("UNAUTHORIZED", message, [], { "WWW-Authenticate": "Bearer" });
    }
    res.locals.account = account;
    next();
  };
}

/** The account {@link authenticate} found. */
export function accountOf(res: Response): Account {
  return res.locals.account as Account;
}
