import type { z } from 'zod';

export interface IssueOptions {
  /** What an issue about the whole value is called (its path is empty). */
  root?: string;
  /** At most this many issues (a record with a broken shape can have hundreds). */
  limit?: number;
}

/** A failed parse's issues, one line each: `title: Invalid input: expected string, received undefined`. */
export function issueLines(error: z.ZodError, options: IssueOptions = {}): string[] {
  const { root = '(root)', limit = Number.POSITIVE_INFINITY } = options;
  return error.issues
    .slice(0, limit)
    .map((issue) => `${issue.path.map(String).join('.') || root}: ${issue.message}`);
}

/** `issueLines` as one line, `; ` between issues: a dead letter's detail, a log field. */
export function describeIssues(error: z.ZodError, options: IssueOptions = {}): string {
  return issueLines(error, options).join('; ');
}
