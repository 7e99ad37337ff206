import { envelopeHeaders, newTraceparent, parseEnvelope, type Envelope } from './envelope';

const envelope: Envelope = {
  schema: 'github.keyword_match',
  schemaVersion: 1,
  producer: 'github-events/0.1.0',
  ingestedAt: '2026-11-23T04:30:00.000Z',
  sourceId: '40000000001',
  traceparent: newTraceparent(),
};

describe('envelope', () => {
  it('round-trips through Kafka-style Buffer headers', () => {
    const headers = Object.fromEntries(
      Object.entries(envelopeHeaders(envelope)).map(([name, value]) => [name, Buffer.from(value)]),
    );
    expect(parseEnvelope(headers)).toEqual({ success: true, data: envelope });
  });

  it('names each missing or invalid header field', () => {
    const headers: Record<string, string> = {
      ...envelopeHeaders(envelope),
      traceparent: 'garbage',
    };
    delete headers['tributary-producer'];
    const result = parseEnvelope(headers);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0]).sort()).toEqual([
      'producer',
      'traceparent',
    ]);
  });

  it('treats absent headers as a failure, not a crash', () => {
    expect(parseEnvelope(undefined).success).toBe(false);
  });
});
