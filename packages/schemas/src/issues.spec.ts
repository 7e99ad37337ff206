import { z } from 'zod';
import { describeIssues, issueLines } from './issues';

const Posting = z.object({ title: z.string(), salary: z.object({ min: z.number() }) });

describe('zod issues as text', () => {
  it('names each field by its path, the whole value by the root label', () => {
    const fields = Posting.safeParse({ title: 3, salary: { min: 'x' } }).error!;
    expect(issueLines(fields)).toEqual([
      'title: Invalid input: expected string, received number',
      'salary.min: Invalid input: expected number, received string',
    ]);
    expect(describeIssues(Posting.safeParse('text').error!, { root: '(element)' })).toBe(
      '(element): Invalid input: expected object, received string',
    );
  });

  it('keeps at most `limit` issues', () => {
    const error = z.array(z.number()).safeParse(['a', 'b', 'c']).error!;
    expect(issueLines(error, { limit: 2 })).toEqual([
      '0: Invalid input: expected number, received string',
      '1: Invalid input: expected number, received string',
    ]);
  });
});
