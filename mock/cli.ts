import { statSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import pino from "pino";
import { sendableToken } from "./check-options.ts";
import { kitVersion } from "./kit-version.ts";
import { listenFailure } from "./listen-failure.ts";
import { createLogDestination, type LogFormat } from "./log/log-destination.ts";
import { readSeedFile } from "./read-seed-file.ts";
import { readyLine } from "./ready-line.ts";
import { defaultStorePrefix } from "./redis/redis-store.ts";
import { checkStorePrefix, parseStoreUrl, redactedStoreUrl } from "./redis/store-url.ts";
import { createSandbox } from "./server.ts";

const levels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    }
    return Number(value);
  };
}

function folder(path: string): string {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InvalidArgumentError(`${path} is not a folder.`);
  }
  return path;
}

function adminToken(value: string): string {
  if (!sendableToken.test(value)) {
    throw new InvalidArgumentError(
      "must be 1 to 256 printable ASCII characters without spaces, so that clients can send it.",
    );
  }
  return value;
}

/**
 * The store options, checked after parsing: commander's own refusal would echo the value,
 * and a store URL can hold a password. Each refusal names where the value came from. An
 * empty variable counts as unset, as `SANDBOX_STORE= agentphone-sandbox` means in a shell.
 */
function checkStoreOptions(
  given: string,
  givenPrefix: string | undefined,
): { store: string; prefix: string | undefined } {
  const fromEnv = (option: string) => program.getOptionValueSource(option) === "env";
  const store = given === "" && fromEnv("store") ? "memory" : given;
  const prefix = givenPrefix === "" && fromEnv("storePrefix") ? undefined : givenPrefix;
  try {
    parseStoreUrl(store);
  } catch (error) {
    const named = fromEnv("store") ? "environment variable SANDBOX_STORE" : "option --store";
    program.error(`${named}: ${(error as Error).message}`);
  }
  if (prefix === undefined) return { store, prefix };
  try {
    checkStorePrefix(prefix);
  } catch (error) {
    const named = fromEnv("storePrefix")
      ? "environment variable SANDBOX_STORE_PREFIX"
      : "option --store-prefix";
    program.error(`${named} ${(error as Error).message}`);
  }
  if (store === "memory") {
    program.error(
      fromEnv("storePrefix")
        ? "SANDBOX_STORE_PREFIX names the keys of a Redis store; set SANDBOX_STORE (or --store) to redis://host:port/db, or unset it."
        : "--store-prefix names the keys of a Redis store; add --store redis://host:port/db, or leave the prefix out.",
    );
  }
  return { store, prefix };
}

function httpUrl(value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new InvalidArgumentError("must be an http: or https: URL.");
  }
  return value.replace(/\/+$/, "");
}

const program = new Command("agentphone-sandbox")
  .description("A local, stateful AgentPhone chat-background API that works offline.")
  .version(kitVersion(), "-V, --version", "print the version and exit")
  .addOption(
    new Option("-p, --port <port>", "port to listen on, 0 for any free port")
      .env("PORT")
      .default(4010)
      .argParser(integer(0, 65_535)),
  )
  .option("--host <address>", "interface to bind", "127.0.0.1")
  .option("--seed <file>", "JSON file of accounts and conversations to start from")
  .option(
    "--images <folder>",
    "serve this folder's files at https://images.sandbox.test/<name>",
    folder,
  )
  .option("--provider-url <url>", "send provider calls as multipart to this URL", httpUrl)
  .addOption(
    new Option(
      "--store <where>",
      "where state is kept: memory, or redis://[user:password@]host[:port][/db] (rediss:// for TLS) to share it between sandboxes and keep it across restarts",
    )
      .env("SANDBOX_STORE")
      .default("memory"),
  )
  .addOption(
    new Option(
      "--store-prefix <prefix>",
      "with a Redis store: what this sandbox's keys start with, so several can share one Redis (default: agentphone)",
    ).env("SANDBOX_STORE_PREFIX"),
  )
  .option(
    "--image-timeout <ms>",
    "how long an image download may take in all",
    integer(100, 120_000),
    10_000,
  )
  .option("--latency <ms>", "latency added to every API call", integer(0, 60_000), 0)
  .option(
    "--allow-private-images",
    "also fetch images from loopback and private addresses, over http: too (your own dev server)",
  )
  .option(
    "--shutdown-grace <ms>",
    "how long in-flight requests may finish on SIGINT or SIGTERM before they are answered 503",
    integer(0, 600_000),
    10_000,
  )
  .option("--cors-origin <origin...>", "origins allowed by CORS (default: any)")
  .option(
    "--admin-token <token>",
    "token /__sandbox requires, on loopback too (made up when --host is not loopback)",
    adminToken,
  )
  .addOption(new Option("--log-level <level>", "request log level").choices(levels).default("info"))
  .addOption(
    new Option(
      "--log-format <format>",
      "log lines a person reads, or JSON (default: pretty on a terminal, else json)",
    ).choices(["json", "pretty"]),
  )
  .configureOutput({
    outputError: (text, write) => write(`agentphone-sandbox: ${text.replace(/^error: /, "")}`),
  });

program.parse();
const options = program.opts<{
  port: number;
  host: string;
  seed?: string;
  images?: string;
  providerUrl?: string;
  store: string;
  storePrefix?: string;
  latency: number;
  shutdownGrace: number;
  imageTimeout: number;
  corsOrigin?: string[];
  adminToken?: string;
  allowPrivateImages?: true;
  logLevel: string;
  logFormat?: LogFormat;
}>();

const { store, prefix: storePrefix } = checkStoreOptions(options.store, options.storePrefix);

let seed: ReturnType<typeof readSeedFile> | undefined;
try {
  seed = options.seed === undefined ? undefined : readSeedFile(options.seed);
} catch (error) {
  program.error((error as Error).message);
}

// A reader that went away makes writes fail with EPIPE: with no listener, the process would end.
process.stderr.on("error", () => {});
// pino's own destination buffers what an unread stdout does not take, without limit, and
// retries it at exit for ever; this one drops lines past 1 MiB pending and counts them, in
// either format.
const destination = createLogDestination(process.stdout, {
  format: options.logFormat,
  onResume: (dropped) =>
    logger.warn({ droppedLines: dropped }, "log lines were dropped while stdout was not read"),
});
const logger = pino({ level: options.logLevel }, destination);

try {
  const sandbox = await createSandbox({
    port: options.port,
    host: options.host,
    latencyMs: options.latency,
    imageTimeoutMs: options.imageTimeout,
    logger,
    ...(seed ? { seed } : {}),
    ...(options.images ? { imagesDir: options.images } : {}),
    ...(options.providerUrl ? { providerUrl: options.providerUrl } : {}),
    ...(options.corsOrigin ? { corsOrigins: options.corsOrigin } : {}),
    ...(options.adminToken === undefined ? {} : { adminToken: options.adminToken }),
    ...(options.allowPrivateImages ? { allowPrivateImages: true } : {}),
    store,
    ...(storePrefix === undefined ? {} : { storePrefix }),
  });
  console.log(
    readyLine({
      url: sandbox.url,
      host: options.host,
      pid: process.pid,
      adminToken: sandbox.adminToken,
      tokenMadeUp: sandbox.adminToken !== undefined && options.adminToken === undefined,
      allowPrivateImages: options.allowPrivateImages === true,
      ...(store === "memory"
        ? {}
        : {
            store: {
              where: redactedStoreUrl(store),
              prefix: storePrefix ?? defaultStorePrefix,
              opened: sandbox.opened,
            },
          }),
    }),
  );
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      // A second signal means "now".
      if (stopping) process.exit(130);
      stopping = true;
      logger.info({ signal }, "finishing in-flight requests, then exiting");
      void sandbox
        .close(options.shutdownGrace)
        .then(() => destination.flush(1_000))
        .then(() => {
          if (destination.droppedLines > 0) {
            process.stderr.write(
              `agentphone-sandbox: dropped ${destination.droppedLines} log lines: stdout was not read.\n`,
            );
          }
          process.exit(0);
        });
    });
  }
} catch (error) {
  const { code } = error as NodeJS.ErrnoException;
  const message = listenFailure(code, options.host, options.port) ?? (error as Error).message;
  console.error(`agentphone-sandbox: ${message}`);
  process.exit(1);
}
