#!/usr/bin/env node
// Runs the sandbox's TypeScript sources directly: tsx compiles them on the fly (Node 20
// cannot strip types itself), so there is no build step to forget.
import { register } from "tsx/esm/api";

register();
await import("../mock/cli.ts");
