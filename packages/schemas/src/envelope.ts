import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** Kafka header names of the envelope every Tributary message carries. */
export const ENVELOPE_HEADERS = {
  schema: 'tributary-schema',
  schemaVersion: 'tributary-schema-version',
  producer: 'tributary-producer',
  ingestedAt: 'tributary-ingested-at',
  sourceId: 'tributary-source-id',
  /** W3C trace context, so traces cross Kafka with any OpenTelemetry-aware consumer. */
  traceparent: 'traceparent',
} as const;

/** Headers a dead letter carries on `<topic>.dlq`, beside the original key, value and headers. */
export const DLQ_HEADERS = {
  reason: 'tributary-dlq-reason',
  detail: 'tributary-dlq-detail',
  /** Where a consumer read it (bronze-sink) … */
  sourceTopic: 'tributary-source-topic',
  sourcePartition: 'tributary-source-partition',
  sourceOffset: 'tributary-source-offset',
  /** … or where a producer got it (`github-api /events`, `gharchive 2025-01-15-3.json.gz:1234`). */
  sourceLocation: 'tributary-source-location',
  failedAt: 'tributary-dlq-at',
} as const;

/** Where a dead letter came from: a consumed record's position, or a producer's input location. */
export type DeadLetterSource =
  { topic: string; partition: number; offset: string } | { location: string };

/** Longest `tributary-dlq-detail` written: enough for every validation issue of a record. */
const DLQ_DETAIL_MAX = 2_000;

/**
 * The headers of one dead letter: the reason (a short code, also a metric label), the detail that
 * says what exactly was wrong, where it came from and when it failed.
 */
export function deadLetterHeaders(letter: {
  reason: string;
  detail: string;
  source: DeadLetterSource;
  failedAt: Date;
}): Record<string, string> {
  const { source } = letter;
  return {
    [DLQ_HEADERS.reason]: letter.reason,
    [DLQ_HEADERS.detail]: letter.detail.slice(0, DLQ_DETAIL_MAX),
    ...('location' in source
      ? { [DLQ_HEADERS.sourceLocation]: source.location }
      : {
          [DLQ_HEADERS.sourceTopic]: source.topic,
          [DLQ_HEADERS.sourcePartition]: String(source.partition),
          [DLQ_HEADERS.sourceOffset]: source.offset,
        }),
    [DLQ_HEADERS.failedAt]: letter.failedAt.toISOString(),
  };
}

/** What a producer could not publish: the input as received, why, and where it came from. */
export interface ProducerDeadLetter {
  /** A short code, also a metric label. */
  reason: string;
  detail: string;
  /** `github-api /events?page=2`, `gharchive 2025-01-15-3.json.gz:1234`, a page URL. */
  location: string;
  raw: string;
}

/** A producer's dead letter as a Kafka message for `<topic>.dlq`: the raw input, the reason in headers. */
export function deadLetterMessage(
  letter: ProducerDeadLetter,
  failedAt: Date,
  key: string | null = null,
): { key: string | null; value: string; headers: Record<string, string> } {
  return {
    key,
    value: letter.raw,
    headers: deadLetterHeaders({
      reason: letter.reason,
      detail: letter.detail,
      source: { location: letter.location },
      failedAt,
    }),
  };
}

export const Envelope = z.object({
  schema: z.string().min(1),
  schemaVersion: z.coerce.number().int().positive(),
  producer: z.string().min(1),
  ingestedAt: z.iso.datetime({ offset: true }),
  sourceId: z.string().min(1),
  traceparent: z.string().regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/),
});
export type Envelope = z.infer<typeof Envelope>;

export function newTraceparent(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

export function envelopeHeaders(envelope: Envelope): Record<string, string> {
  return {
    [ENVELOPE_HEADERS.schema]: envelope.schema,
    [ENVELOPE_HEADERS.schemaVersion]: String(envelope.schemaVersion),
    [ENVELOPE_HEADERS.producer]: envelope.producer,
    [ENVELOPE_HEADERS.ingestedAt]: envelope.ingestedAt,
    [ENVELOPE_HEADERS.sourceId]: envelope.sourceId,
    [ENVELOPE_HEADERS.traceparent]: envelope.traceparent,
  };
}

type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

function headerText(headers: RawHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Reads the envelope from Kafka headers; the error names each missing or invalid header. */
export function parseEnvelope(headers: RawHeaders | undefined): z.ZodSafeParseResult<Envelope> {
  const raw = Object.fromEntries(
    Object.entries(ENVELOPE_HEADERS).map(([field, header]) => [
      field,
      headerText(headers ?? {}, header),
    ]),
  );
  return Envelope.safeParse(raw);
}
