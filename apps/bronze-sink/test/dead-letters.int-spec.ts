import { randomUUID } from 'node:crypto';
import type { Message } from 'kafkajs';
import { waitUntil } from '@tributary/local-stack';
import { deadLetterTopic, DLQ_HEADERS, sampleJobPosting } from '@tributary/schemas';
import { allLanded, createBucket, createTopics, kafka, produce, queryBronze } from './helpers';
import { counterValue, startSink, type RunningSink } from './sink-harness';

const ns = `it-${randomUUID().slice(0, 8)}`;
const topic = `${ns}.jobs.postings`;
const bucket = `${ns}-bronze`;

interface Letter {
  reason: string;
  detail: string;
  sourceOffset: string;
  sourcePartition: string;
  sourceTopic: string;
  value: Buffer | null;
  originalHeader: string | undefined;
}

async function readDeadLetters(count: number): Promise<Letter[]> {
  const consumer = kafka.consumer({ groupId: `${ns}-dlq-reader` });
  const letters: Letter[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: deadLetterTopic(topic), fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      const header = (name: string) => message.headers?.[name]?.toString();
      letters.push({
        reason: header(DLQ_HEADERS.reason) ?? '',
        detail: header(DLQ_HEADERS.detail) ?? '',
        sourceOffset: header(DLQ_HEADERS.sourceOffset) ?? '',
        sourcePartition: header(DLQ_HEADERS.sourcePartition) ?? '',
        sourceTopic: header(DLQ_HEADERS.sourceTopic) ?? '',
        value: message.value,
        originalHeader: header('x-origin'),
      });
      return Promise.resolve();
    },
  });
  try {
    await waitUntil(`${count} dead letters`, () => Promise.resolve(letters.length >= count), {
      timeoutMs: 60_000,
    });
  } finally {
    await consumer.disconnect();
  }
  return letters;
}

describe('bronze sink: bad input is dead-lettered with its reason and never stops the partition', () => {
  let running: RunningSink | undefined;

  beforeAll(async () => {
    await createBucket(bucket);
    await createTopics([topic], 1);
  });

  afterAll(async () => {
    await running?.stop();
  });

  it('lands the good records around six kinds of bad ones, each dead-lettered with its source offset', async () => {
    const good = (n: number): Message => ({ value: JSON.stringify(sampleJobPosting(n)) });
    const noTime = { ...sampleJobPosting(90), published_at: undefined };
    const wrongTypes = { ...sampleJobPosting(91), title: 42 };
    const bad: [string, Message][] = [
      ['malformed_json', { value: '{"source": "remotive", ' }],
      ['schema_invalid', { value: JSON.stringify(wrongTypes) }],
      [
        'too_large',
        {
          value: JSON.stringify({
            ...sampleJobPosting(92),
            description_text: 'x'.repeat(2 * 1024 * 1024),
          }),
        },
      ],
      ['invalid_utf8', { value: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]) }],
      ['null_value', { value: null }],
      ['schema_invalid', { value: JSON.stringify(noTime) }],
    ];
    const messages: Message[] = [];
    for (let n = 0; n < 20; n++) {
      messages.push(good(n));
      const entry = bad[n];
      if (entry) messages.push({ ...entry[1], headers: { 'x-origin': `bad-${n}` } });
    }
    await produce(topic, messages, 1);

    running = await startSink({
      SINK_TOPICS: topic,
      SINK_GROUP_ID: `${ns}-group`,
      TRIBUTARY_S3_BUCKET: bucket,
    });
    await waitUntil(
      'partition landed to the end',
      () => allLanded(bucket, running!.config.checkpointPrefix, [topic]),
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );

    const [landed] = await queryBronze(
      bucket,
      topic,
      'SELECT count(*) AS n, list_sort(list(CAST(source_id AS BIGINT) - 1900000)) AS ids FROM $data',
    );
    expect(landed).toEqual({ n: 20n, ids: Array.from({ length: 20 }, (_, n) => BigInt(n)) });

    const letters = (await readDeadLetters(bad.length)).sort(
      (a, b) => Number(a.sourceOffset) - Number(b.sourceOffset),
    );
    expect(letters.map((letter) => letter.reason)).toEqual(bad.map(([reason]) => reason));
    // Bad record n sits right after good record n: offset 2n + 1.
    expect(letters.map((letter) => letter.sourceOffset)).toEqual(
      bad.map((_, n) => String(2 * n + 1)),
    );
    expect(
      letters.every((letter) => letter.sourceTopic === topic && letter.sourcePartition === '0'),
    ).toBe(true);
    expect(letters.map((letter) => letter.originalHeader)).toEqual(bad.map((_, n) => `bad-${n}`));
    expect(letters[0]?.value?.toString()).toBe('{"source": "remotive", ');
    expect(letters[1]?.detail).toMatch(/title/);
    expect(letters[2]?.detail).toMatch(/exceeds SINK_MAX_RECORD_BYTES/);
    expect(letters[5]?.detail).toMatch(/published_at/);

    expect(
      await counterValue(running.registry, 'tributary_sink_records_dead_lettered_total', {
        topic,
        reason: 'schema_invalid',
      }),
    ).toBe(2);
    expect(
      await counterValue(running.registry, 'tributary_sink_records_out_total', { topic }),
    ).toBe(20);
  });
});
