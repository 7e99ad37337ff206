import { parentPort, workerData } from 'node:worker_threads';
import { topicSpec, type TopicSpec } from '@tributary/schemas';
import { releaseNow } from '../support/buffers';
import { decodeBatch, type DecodedBatch, type PackedBatch } from '../decode/record-batch';
import type { SinkConfig } from '../config/env';
import { RecordDecoder, type DecoderOptions } from '../decode/record-decoder';
import type { WorkerReply } from './worker-calls';

export interface DecodeRequest {
  id: number;
  topic: string;
  partition: number;
  batch: PackedBatch;
}

export type DecodeResponse = WorkerReply<{ decoded: DecodedBatch }>;

/** What a decode thread needs: the decoder's options and how to hold the chunks it makes. */
export type DecodeThreadOptions = DecoderOptions & Pick<SinkConfig, 'bufferCompression'>;

const options = workerData as DecodeThreadOptions;
const decoders = new Map<string, { spec: TopicSpec; decoder: RecordDecoder }>();

function decoderFor(topic: string): { spec: TopicSpec; decoder: RecordDecoder } {
  let entry = decoders.get(topic);
  if (!entry) {
    const spec = topicSpec(topic);
    if (!spec) throw new Error(`topic ${topic} is not registered`);
    entry = { spec, decoder: new RecordDecoder(spec, options) };
    decoders.set(topic, entry);
  }
  return entry;
}

parentPort?.on('message', (request: DecodeRequest) => {
  try {
    const { spec, decoder } = decoderFor(request.topic);
    const decoded = decodeBatch(
      spec,
      decoder,
      request.topic,
      request.partition,
      request.batch,
      options.bufferCompression,
    );
    parentPort?.postMessage(
      { id: request.id, decoded } satisfies DecodeResponse,
      decoded.chunks.map((chunk) => chunk.data.buffer as ArrayBuffer),
    );
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies DecodeResponse);
  } finally {
    const { values, ends, nulls, offsets, timestampsMs } = request.batch;
    for (const array of [values, ends, nulls, offsets, timestampsMs]) releaseNow(array);
  }
});
