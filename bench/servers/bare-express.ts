// The framework ceiling: a bare Express 5 app giving the sandbox's answers from a constant.
// Run as its own process: node --import tsx/esm bench/servers/bare-express.ts --port 0
import type { AddressInfo } from "node:net";
import express from "express";
import { answerLikeSandbox, portFromArgs } from "./baseline-answer.ts";

const app = express();
app.disable("x-powered-by");
app.set("query parser", false);
app.use(express.json({ limit: 16 * 1024, strict: false }));

const path = "/v1/conversations/:conversation_id/background";
for (const method of ["post", "delete"] as const) {
  app[method](path, (req, res) => {
    if (!req.headers.authorization) {
      res.status(401).end();
      return;
    }
    const answer = answerLikeSandbox(req.method, String(req.params.conversation_id), req.body);
    if (answer.body === undefined) res.status(answer.status).end();
    else res.status(answer.status).json(answer.body);
  });
}

const server = app.listen(portFromArgs(process.argv), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`bare Express listening at http://127.0.0.1:${port}`);
});
server.keepAliveTimeout = 5_000;
