import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ProcessRun {
  exitCode: number | null;
  wallS: number;
  /** User + system CPU seconds of the process (its threads included), read from /proc. */
  cpuS: number;
  /** VmHWM: the most resident memory the process ever had, in MiB. */
  peakRssMiB: number;
  stdout: string[];
  stderr: string[];
}

const TICKS_PER_SECOND = 100;

function procStatus(pid: number): { hwmMiB: number; cpuS: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return {
      hwmMiB: Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024,
      cpuS: ticks / TICKS_PER_SECOND,
    };
  } catch {
    return undefined;
  }
}

/** Runs a command to its end, sampling its peak RSS and CPU every 50 ms (Linux /proc). */
export function measure(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: string[] = [];
    const stderr: string[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => stdout.push(line));
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (stderr.length > 500) stderr.shift();
    });
    let peakRssMiB = 0;
    let cpuS = 0;
    const sample = () => {
      const status = child.pid === undefined ? undefined : procStatus(child.pid);
      if (status) {
        peakRssMiB = Math.max(peakRssMiB, status.hwmMiB);
        cpuS = status.cpuS;
      }
    };
    const poll = setInterval(sample, 50);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `${command} ${args.join(' ')} ran over ${timeoutMs} ms:\n${stderr.slice(-20).join('\n')}`,
        ),
      );
    }, timeoutMs);
    child.on('exit', (exitCode) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({
        exitCode,
        wallS: (performance.now() - started) / 1000,
        cpuS,
        peakRssMiB,
        stdout,
        stderr,
      });
    });
    child.on('error', reject);
  });
}
