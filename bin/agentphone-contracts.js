#!/usr/bin/env node
// Runs the contract suite against a target: `agentphone-contracts --help` says how.
import { runKitCommand } from "./run-kit-command.js";

await runKitCommand("contracts/run");
