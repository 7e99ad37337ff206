import { KeywordMatcher, parseKeywordList } from '@tributary/keywords';
import { generateEvent } from '@tributary/github-replay';
import type { GithubEvent } from '@tributary/schemas';
import { EventFilter } from './event-filter';

const filter = new EventFilter(
  new KeywordMatcher(
    parseKeywordList({
      version: 'test-2',
      keywords: [
        { name: 'kubernetes', aliases: ['k8s'] },
        { name: 'rust' },
        { name: 'kafka' },
        { name: 'duckdb' },
        { name: 'typescript', aliases: ['ts'] },
      ],
    }),
  ),
);

function event(type: string, repo: string, payload: Record<string, unknown>): GithubEvent {
  const base = generateEvent({ seed: 1, index: 1, createdAt: new Date(), legacyPush: false });
  return { ...base, type, repo: { ...base.repo, name: repo }, payload };
}

describe('EventFilter', () => {
  it('matches the repo name, and says where', () => {
    const match = filter.match(event('WatchEvent', 'acme/rust-parser', { action: 'started' }));
    expect(match?.keywords).toEqual(['rust']);
    expect(match?.matches).toEqual([{ keyword: 'rust', field: 'repo_name' }]);
    expect(match?.keyword_list_version).toBe('test-2');
  });

  it('matches PR titles and bodies, comment and review bodies, each keyword/field once', () => {
    const match = filter.match(
      event('PullRequestReviewEvent', 'acme/app', {
        pull_request: { title: 'Kafka consumer for k8s', body: 'Needs Kubernetes 1.30' },
        review: { body: 'kafka kafka KAFKA' },
      }),
    );
    expect(match?.keywords).toEqual(['kafka', 'kubernetes']);
    expect(match?.matches).toEqual([
      { keyword: 'kafka', field: 'title' },
      { keyword: 'kubernetes', field: 'title' },
      { keyword: 'kubernetes', field: 'body' },
      { keyword: 'kafka', field: 'body' },
    ]);
  });

  it('matches commit messages of old PushEvents, and new ones without commits by repo only', () => {
    const old = filter.match(
      event('PushEvent', 'acme/app', {
        ref: 'refs/heads/main',
        commits: [{ message: 'Port to Rust' }, { message: 'typo' }],
      }),
    );
    expect(old?.matches).toEqual([{ keyword: 'rust', field: 'commit_message' }]);
    expect(
      filter.match(event('PushEvent', 'acme/app', { ref: 'refs/heads/main', head: 'abc' })),
    ).toBeNull();
  });

  it('matches releases, issues, discussions, wiki titles, create descriptions and refs', () => {
    const fields = (type: string, payload: Record<string, unknown>) =>
      filter.match(event(type, 'acme/app', payload))?.matches.map((match) => match.field);
    expect(fields('ReleaseEvent', { release: { name: 'v2 with DuckDB', body: null } })).toEqual([
      'title',
    ]);
    expect(fields('IssuesEvent', { issue: { title: 'x', body: 'duckdb crash' } })).toEqual([
      'body',
    ]);
    expect(fields('DiscussionEvent', { discussion: { title: 'TS or JS?', body: '' } })).toEqual([
      'title',
    ]);
    expect(fields('GollumEvent', { pages: [{ title: 'Kafka setup' }] })).toEqual(['title']);
    expect(fields('CreateEvent', { ref: 'feature/k8s', description: 'A Rust tool' })).toEqual([
      'description',
      'ref',
    ]);
    expect(fields('ForkEvent', { forkee: { description: 'kafka fork' } })).toEqual(['description']);
  });

  it('skips fields of unexpected types instead of failing', () => {
    expect(
      filter.match(
        event('IssuesEvent', 'acme/app', { issue: { title: 42, body: ['kafka'] }, commits: 'x' }),
      ),
    ).toBeNull();
  });
});
