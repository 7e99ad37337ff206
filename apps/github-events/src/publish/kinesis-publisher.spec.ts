import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { KinesisPublisher, kinesisBatches, kinesisData } from './kinesis-publisher';

const MiB = 1024 * 1024;
const entry = (bytes: number) => ({ entry: { Data: new Uint8Array(bytes), PartitionKey: 'k' } });

describe('kinesisBatches', () => {
  it('keeps each call within 500 records', () => {
    const batches = kinesisBatches(Array.from({ length: 1201 }, () => entry(10)));
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 201]);
  });

  it('keeps each call within 5 MiB', () => {
    const batches = kinesisBatches(Array.from({ length: 12 }, () => entry(MiB - 10)));
    expect(batches.map((batch) => batch.length)).toEqual([5, 5, 2]);
  });
});

it('wraps the record with its envelope, since Kinesis has no headers', () => {
  const data = kinesisData({
    key: 'a/b',
    value: Buffer.from('{"x":1}'),
    headers: { 'tributary-source-id': '42' },
    sourceId: '42',
  });
  expect(JSON.parse(data.toString('utf8'))).toEqual({
    envelope: { 'tributary-source-id': '42' },
    record: { x: 1 },
  });
});

it('refuses a record over 1 MiB with an error naming the event and its size', async () => {
  const publisher = new KinesisPublisher({} as KinesisClient, 'events');
  await expect(
    publisher.publish([{ key: 'a/b', value: Buffer.alloc(MiB), headers: {}, sourceId: '99' }]),
  ).rejects.toThrow(/event 99 is \d+ bytes .* at most 1048576 bytes/);
});
