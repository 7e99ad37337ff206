import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

/** A log larger than this is moved to `<file>.1` (replacing the previous one) when the app starts. */
export const APP_LOG_ROTATE_BYTES = 50 * 1024 * 1024;

/**
 * An app's output as written to its file under the stack folder, one line per line, appended
 * across runs and restarts with a header line at each start (read with `./tributary logs <app>`).
 */
export class AppLogFile {
  private readonly fd: number;

  constructor(
    readonly path: string,
    rotateBytes = APP_LOG_ROTATE_BYTES,
  ) {
    mkdirSync(dirname(path), { recursive: true });
    if (existsSync(path) && statSync(path).size > rotateBytes) renameSync(path, `${path}.1`);
    this.fd = openSync(path, 'a');
  }

  write(line: string): void {
    writeSync(this.fd, `${line}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** The last `count` lines of a file, reading only its end (logs can be large). */
export function tailLines(path: string, count: number): string[] {
  if (!existsSync(path) || count <= 0) return [];
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    let chunk = 64 * 1024;
    for (;;) {
      const start = Math.max(0, size - chunk);
      const buffer = Buffer.alloc(size - start);
      readSync(fd, buffer, 0, buffer.length, start);
      const lines = buffer.toString('utf8').split('\n');
      if (lines.at(-1) === '') lines.pop();
      // The first line of a chunk that does not start the file may be cut: drop it.
      if (start > 0) lines.shift();
      if (lines.length >= count || start === 0) return lines.slice(-count);
      chunk *= 4;
    }
  } finally {
    closeSync(fd);
  }
}
