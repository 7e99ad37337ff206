import { z } from 'zod';

/** What to serve instead of the normal answer. */
export const Fault = z.discriminatedUnion('kind', [
  /** Any 4xx/5xx (408, 429, 500, 502, 503, 504 …), optionally with Retry-After. */
  z.object({
    kind: z.literal('status'),
    status: z.number().int().min(400).max(599),
    retryAfterS: z.number().int().nonnegative().optional(),
  }),
  /** Accept the request and never answer: the client's timeout must fire. */
  z.object({ kind: z.literal('hang') }),
  /**
   * The page cut in the middle of a tag. By default a complete 200 whose body is short (the client
   * must notice the HTML is unfinished); `abort` promises the full length and drops the connection.
   */
  z.object({ kind: z.literal('truncate'), abort: z.boolean().default(false) }),
  /** A shot chart whose markers were renamed by a redesign: the page is fine, the shots are gone. */
  z.object({
    kind: z.literal('drift'),
    layout: z.enum(['made-missed', 'shot-tip']).default('made-missed'),
  }),
  /** The normal answer, late. */
  z.object({ kind: z.literal('slow'), ms: z.number().int().positive().max(600_000) }),
]);
export type Fault = z.infer<typeof Fault>;

/** A fault for the next `times` requests whose path matches `path` (`*` matches anything). */
export const ScriptedFault = z.object({
  path: z.string().min(1).default('*'),
  times: z.number().int().positive().default(1),
  fault: Fault,
});
export type ScriptedFault = z.infer<typeof ScriptedFault>;
export type ScriptedFaultInput = z.input<typeof ScriptedFault>;

/** `*` matches any run of characters; everything else literally; the whole path must match. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

interface Pending {
  path: string;
  pattern: RegExp;
  remaining: number;
  fault: Fault;
}

/** Scripted faults in the order they were queued; each request takes the first that matches. */
export class FaultQueue {
  private pending: Pending[] = [];

  add(faults: readonly ScriptedFault[]): void {
    for (const entry of faults) {
      this.pending.push({
        path: entry.path,
        pattern: globToRegExp(entry.path),
        remaining: entry.times,
        fault: entry.fault,
      });
    }
  }

  take(path: string): Fault | undefined {
    const index = this.pending.findIndex((entry) => entry.pattern.test(path));
    const entry = this.pending[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    return entry.fault;
  }

  list(): { path: string; remaining: number; fault: Fault }[] {
    return this.pending.map(({ path, remaining, fault }) => ({ path, remaining, fault }));
  }

  clear(): void {
    this.pending = [];
  }
}
