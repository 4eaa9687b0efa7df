#!/usr/bin/env node
// Starts the sandbox. Installed as a package, it runs the compiled build in dist/. In a
// checkout of the kit it runs the build when that is newer than every source file (quicker
// to start, and lighter), and otherwise the TypeScript sources through tsx, so an edited
// source is never shadowed by a stale build.
import { runKitCommand } from "./run-kit-command.js";

await runKitCommand("mock/cli");
