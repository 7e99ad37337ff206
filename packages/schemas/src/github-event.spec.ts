import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GITHUB_EVENT_TYPES, GithubEvent, KeywordMatch } from './github-event';
import { sampleKeywordMatch } from './samples';

type JsonSchema = {
  type?: string;
  title?: string;
  nullable?: boolean;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

const testData = join(__dirname, '..', 'test-data');
const responseSchema = JSON.parse(
  readFileSync(join(testData, 'events-response.schema.json'), 'utf8'),
) as JsonSchema;
const eventSchema = responseSchema.items as JsonSchema;

/** The smallest value a JSON Schema allows: required properties only, first alternative of unions. */
function minimalValue(schema: JsonSchema): unknown {
  if (schema.enum) return schema.enum[0];
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.[0]) return minimalValue(alternatives[0]);
  if (schema.allOf)
    return Object.assign({}, ...schema.allOf.map((part) => minimalValue(part) as object));
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        (schema.required ?? []).map((name) => [
          name,
          minimalValue(schema.properties?.[name] ?? {}),
        ]),
      );
    case 'array':
      return schema.items ? [minimalValue(schema.items)] : [];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'string':
      return schema.format === 'date-time' ? '2026-11-23T04:30:00Z' : 'x';
    default:
      return schema.nullable ? null : {};
  }
}

function eventWithPayload(type: string, payload: unknown): unknown {
  const event = minimalValue(eventSchema) as Record<string, unknown>;
  return { ...event, id: '1', type, payload, created_at: '2026-11-23T04:30:00Z' };
}

describe('GithubEvent', () => {
  const payloadAlternatives = eventSchema.properties?.payload?.oneOf ?? [];

  it('covers every payload shape the documented schema lists', () => {
    expect(payloadAlternatives.map((alternative) => alternative.title).sort()).toEqual(
      [...GITHUB_EVENT_TYPES].sort(),
    );
  });

  it.each(
    payloadAlternatives.map((alternative) => [alternative.title ?? '?', alternative] as const),
  )('accepts a %s as documented', (title, alternative) => {
    const event = eventWithPayload(title, minimalValue(alternative));
    expect(GithubEvent.safeParse(event).success).toBe(true);
  });

  it("accepts GitHub's own examples, including a 2025+ PushEvent without commits", () => {
    const examples = JSON.parse(
      readFileSync(join(testData, 'public-events.example.json'), 'utf8'),
    ) as unknown[];
    for (const example of examples) expect(GithubEvent.parse(example)).toEqual(example);
  });

  it('accepts an old PushEvent with commits and keeps fields it does not know', () => {
    const event = eventWithPayload('PushEvent', {
      push_id: 1,
      size: 1,
      ref: 'refs/heads/main',
      head: 'a',
      before: 'b',
      commits: [
        {
          sha: 'a',
          message: 'Add Kafka consumer',
          author: { name: 'x', email: 'x@y' },
          distinct: true,
          url: 'u',
        },
      ],
    }) as Record<string, unknown>;
    const parsed = GithubEvent.parse({ ...event, extra_field: 'kept' });
    expect((parsed.payload.commits as unknown[]).length).toBe(1);
    expect((parsed as Record<string, unknown>).extra_field).toBe('kept');
  });

  it('accepts null type and created_at as the schema allows', () => {
    const event = {
      ...(eventWithPayload('WatchEvent', { action: 'started' }) as object),
      type: null,
      created_at: null,
    };
    expect(GithubEvent.safeParse(event).success).toBe(true);
  });

  it.each([
    ['a missing id', { id: undefined }, 'id'],
    ['a numeric id', { id: 42 }, 'id'],
    ['a malformed created_at', { created_at: 'yesterday' }, 'created_at'],
    ['a payload that is not an object', { payload: 'nope' }, 'payload'],
  ])('rejects %s, naming the field', (_, change, field) => {
    const event = {
      ...(eventWithPayload('WatchEvent', { action: 'started' }) as object),
      ...change,
    };
    const result = GithubEvent.safeParse(event);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });
});

describe('KeywordMatch', () => {
  it('accepts a sample and needs at least one keyword', () => {
    const sample = sampleKeywordMatch(1);
    expect(KeywordMatch.parse(sample)).toEqual(sample);
    expect(KeywordMatch.safeParse({ ...sample, keywords: [] }).success).toBe(false);
  });
});
