import { parentPort, workerData } from 'node:worker_threads';
import { topicSpec, type TopicSpec } from '@tributary/schemas';
import { releaseNow } from '../support/buffers';
import { decodeBatch, type DecodedBatch, type PackedBatch } from '../decode/record-batch';
import type { SinkConfig } from '../config/env';
import { NativeBatchDecoder, type NativeBatchCounts } from '../decode/native-batch';
import { nativeProgram } from '../decode/native-program';
import { RecordDecoder, type DecoderOptions } from '../decode/record-decoder';
import type { WorkerReply } from './worker-calls';

export interface DecodeRequest {
  id: number;
  topic: string;
  partition: number;
  batch: PackedBatch;
}

export type DecodeResponse = WorkerReply<{ decoded: DecodedBatch; native?: NativeBatchCounts }>;

/**
 * What a decode thread needs: the decoder's options, how to hold the chunks it makes, and which
 * decoder (absent: native, SINK_DECODER's default).
 */
export type DecodeThreadOptions = DecoderOptions &
  Pick<SinkConfig, 'bufferCompression'> &
  Partial<Pick<SinkConfig, 'decoder'>>;

const options = workerData as DecodeThreadOptions;

interface TopicDecoder {
  spec: TopicSpec;
  decoder: RecordDecoder;
  /** Set when SINK_DECODER=native and the topic has a native program (decode/native-program.ts). */
  native?: NativeBatchDecoder;
}

const decoders = new Map<string, TopicDecoder>();

function decoderFor(topic: string): TopicDecoder {
  let entry = decoders.get(topic);
  if (!entry) {
    const spec = topicSpec(topic);
    if (!spec) throw new Error(`topic ${topic} is not registered`);
    const decoder = new RecordDecoder(spec, options);
    const support = options.decoder === 'js' ? undefined : nativeProgram(spec);
    entry = {
      spec,
      decoder,
      ...(support?.native
        ? {
            native: new NativeBatchDecoder(
              spec,
              support.program,
              decoder,
              options,
              options.bufferCompression,
            ),
          }
        : {}),
    };
    decoders.set(topic, entry);
  }
  return entry;
}

function decode(request: DecodeRequest): { decoded: DecodedBatch; native?: NativeBatchCounts } {
  const { spec, decoder, native } = decoderFor(request.topic);
  if (native) {
    const { decoded, counts } = native.decode(request.topic, request.partition, request.batch);
    return { decoded, native: counts };
  }
  return {
    decoded: decodeBatch(
      spec,
      decoder,
      request.topic,
      request.partition,
      request.batch,
      options.bufferCompression,
    ),
  };
}

parentPort?.on('message', (request: DecodeRequest) => {
  try {
    const reply = decode(request);
    parentPort?.postMessage(
      { id: request.id, ...reply } satisfies DecodeResponse,
      reply.decoded.chunks.map((chunk) => chunk.data.buffer as ArrayBuffer),
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
