import { parseArgs } from "node:util";
import { startPrism } from "./prism.ts";

const usage = `Usage: npm run mock:prism -- [--port N] [--host ADDRESS]

Serves openapi/openapi.yaml with the Prism mock (stateless: examples and request
validation straight from the spec).

  --port, -p  port to listen on, 0 for any free port (default $PRISM_PORT or 4011)
  --host      interface to bind (default 127.0.0.1)
  --help, -h  show this help`;

function fail(message: string): never {
  console.error(`mock:prism: ${message}`);
  process.exit(2);
}

let values: { port?: string | undefined; host?: string | undefined; help?: boolean | undefined };
try {
  ({ values } = parseArgs({
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${usage}`);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}

const rawPort = values.port ?? process.env.PRISM_PORT ?? "4011";
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65_535) fail(`--port must be 0 to 65535, got "${rawPort}"`);

// Prism's lines before it listens (the routes it serves) are shown once it does; when it
// cannot, the one line that says why is all a person needs.
const early: string[] = [];
let listening = false;
try {
  const prism = await startPrism({
    port,
    host: values.host ?? "127.0.0.1",
    onLine: (line) => (listening ? console.log(line) : early.push(line)),
  });
  listening = true;
  for (const line of early) console.log(line);
  console.log(`Prism mock ready at ${prism.url}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      void prism.stop().then(() => process.exit(0));
    });
  }
} catch (error) {
  console.error(`mock:prism: ${(error as Error).message}`);
  process.exit(1);
}
