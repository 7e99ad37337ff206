import type { GithubEvent, MatchField } from '@tributary/schemas';

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Calls `onText(field, text)` for every piece of an event a keyword may be found in: the repo name,
 * PR/issue/discussion/release/wiki titles and bodies, comment and review bodies, create/fork
 * descriptions, created refs, and commit messages where the payload still has them (pre-2025).
 * Works on any payload shape: a missing or differently typed field is simply skipped.
 */
export function forEachEventText(
  event: GithubEvent,
  onText: (field: MatchField, text: string) => void,
): void {
  onText('repo_name', event.repo.name);
  const payload = event.payload;
  const emit = (field: MatchField, value: unknown) => {
    const found = text(value);
    if (found !== undefined) onText(field, found);
  };
  for (const key of ['pull_request', 'issue', 'discussion'] as const) {
    const item = object(payload[key]);
    if (item) {
      emit('title', item.title);
      emit('body', item.body);
    }
  }
  for (const key of ['comment', 'review'] as const) emit('body', object(payload[key])?.body);
  const release = object(payload.release);
  if (release) {
    emit('title', release.name);
    emit('body', release.body);
  }
  emit('description', payload.description);
  emit('description', object(payload.forkee)?.description);
  if (event.type === 'CreateEvent') emit('ref', payload.ref);
  const pages = payload.pages;
  if (Array.isArray(pages)) for (const page of pages) emit('title', object(page)?.title);
  const commits = payload.commits;
  if (Array.isArray(commits))
    for (const commit of commits) emit('commit_message', object(commit)?.message);
}
