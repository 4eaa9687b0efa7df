#!/usr/bin/env node
// Starts the sandbox. Installed as a package, it runs the build: the command line bundled with
// its dependencies in dist/bin/agentphone-sandbox.js. In a checkout of the kit it runs the
// build when that is newer than every source file (quicker to start, and lighter), and
// otherwise the TypeScript sources through tsx, so an edited source is never shadowed by a
// stale build.
import { runKitCommand } from "./run-kit-command.js";

await runKitCommand("mock/cli", "bin/agentphone-sandbox");
