// CPU seconds used so far by the server child, by this (load generator) process and by the whole
// machine. Differences over a measured run, divided by its wall time, give cores used: on a 2-core
// machine this shows whether a scenario was CPU-bound or waiting, and whether something outside the
// bench took CPU at the same time. Linux only (reads /proc); elsewhere those fields stay undefined.
import { readFileSync } from 'node:fs';

export interface CpuSample {
  /** Wall clock, seconds. */
  wall: number;
  /** The server process: event loop, thread pool and GC threads together. */
  server?: number;
  /** This process: autocannon and the response checks. */
  self: number;
  /** The whole machine, summed over cores: busy (not idle or iowait), and stolen by the hypervisor. */
  machineBusy?: number;
  machineSteal?: number;
}

/** USER_HZ: /proc counts in 1/100 s on every Linux this runs on. */
const TICKS_PER_SECOND = 100;

function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function machineCpuSeconds(): { busy: number; steal: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    // "cpu user nice system idle iowait irq softirq steal guest guest_nice"; guest time is inside user.
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq) / TICKS_PER_SECOND, steal: steal / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

export function readCpu(serverPid: number | undefined): CpuSample {
  const self = process.cpuUsage();
  const machine = machineCpuSeconds();
  return {
    wall: Number(process.hrtime.bigint()) / 1e9,
    server: serverPid === undefined ? undefined : processCpuSeconds(serverPid),
    self: (self.user + self.system) / 1e6,
    machineBusy: machine?.busy,
    machineSteal: machine?.steal,
  };
}
