// The ceiling: a bare node:http server giving the sandbox's answers from a constant.
// Run as its own process: node --import tsx/esm bench/servers/bare-http.ts --port 0
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { answerLikeSandbox, backgroundPathPattern, portFromArgs } from "./baseline-answer.ts";

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const match = backgroundPathPattern.exec(req.url ?? "");
    if (!match?.[1] || !req.headers.authorization) {
      res.writeHead(404).end();
      return;
    }
    let body: unknown;
    try {
      body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
    } catch {
      body = undefined;
    }
    const answer = answerLikeSandbox(req.method ?? "GET", match[1], body);
    if (answer.body === undefined) {
      res.writeHead(answer.status).end();
      return;
    }
    const json = JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      "content-type": "application/json; charset=utf-8",
      "content-length": Buffer.byteLength(json),
    });
    res.end(json);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(portFromArgs(process.argv), "127.0.0.1", () => {
  const { port } = server.address() as AddressInfo;
  console.log(`bare node:http listening at http://127.0.0.1:${port}`);
});
