import { cpus, loadavg, release, totalmem } from "node:os";

/** The machine a run was made on, so runs on different machines are not compared blindly. */
export interface Machine {
  cpuModel: string;
  cpus: number;
  totalMemoryBytes: number;
  node: string;
  /** `linux 6.1.0`, say. */
  os: string;
  /** The 1-minute load average when the run started: above 0.5 something else was busy. */
  loadAverageAtStart: number;
}

/** Describes this machine, as `/proc/cpuinfo` and Node see it. */
export function describeMachine(): Machine {
  const [first] = cpus();
  return {
    cpuModel: first?.model.trim() ?? "unknown",
    cpus: cpus().length,
    totalMemoryBytes: totalmem(),
    node: process.version,
    os: `${process.platform} ${release()}`,
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
