import { spawn } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/**
 * Runs a command line tool to completion (bounded: killed after `timeoutMs`). A tool missing from
 * PATH rejects with a message naming what provides it; a non-zero exit resolves with its code.
 */
export function run(command: string, args: readonly string[], options: RunOptions = {}) {
  const timeoutMs = options.timeoutMs ?? 120_000;
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} is not on PATH: scripts/containers/stage.sh provides it`, {
              cause: error,
            })
          : error,
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') stderr += `\n${command} killed after ${timeoutMs} ms`;
      resolve({ code: code ?? 1, stdout, stderr });
    });
    if (child.stdin) {
      // A tool may exit before reading all its input (it found an error early): not our failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/** Like run, but a non-zero exit rejects with the tool's output. */
export async function runOk(command: string, args: readonly string[], options: RunOptions = {}) {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.code}\n${result.stderr}\n${result.stdout}`,
    );
  }
  return result.stdout;
}
