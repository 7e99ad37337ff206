import type { z } from 'zod';

// Internal (not exported): the matcher library stays free of @tributary/schemas, whose
// `describeIssues` the apps use.
/** A failed parse's issues as one line: `keywords.3.aliases: Invalid input: expected array`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
