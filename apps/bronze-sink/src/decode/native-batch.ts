import type { TopicSpec } from '@tributary/schemas';
import { loadSinkNative, type NativeDecoder } from '@tributary/sink-native';
import { releaseNow } from '../support/buffers';
import { columnCell } from './bronze-arrow';
import type { ChunkEncoding } from './chunk-compression';
import type { BatchDeadLetter, DecodedBatch, HourChunk, PackedBatch } from './record-batch';
import type { DecoderOptions, RecordDecoder } from './record-decoder';
import type { NativeProgram } from './native-program';

/** What one native batch decode did besides its chunks, for the decoder's counters. */
export interface NativeBatchCounts {
  /** Records the native decoder left to zod and `JSON.parse` (dead letters included). */
  handedToJavascript: number;
  /** Of those, records that landed as rows: the native rules were stricter than zod. */
  rowsFromJavascript: number;
}

/**
 * `decodeBatch` in native code (packages/sink-native) for a topic with a native program: the same
 * chunks, rows and dead letters as the JavaScript path. Every record the native decoder does not land
 * itself goes to `decoder` (the JavaScript `RecordDecoder`), which gives the dead-letter reason and
 * detail or, where the native rules were stricter than zod, the row.
 */
export class NativeBatchDecoder {
  private readonly native: NativeDecoder;

  constructor(
    private readonly spec: TopicSpec,
    program: NativeProgram,
    private readonly decoder: RecordDecoder,
    options: DecoderOptions,
    encoding: ChunkEncoding,
  ) {
    const { NativeDecoder } = loadSinkNative();
    this.native = new NativeDecoder(
      JSON.stringify(program),
      options.maxRecordBytes,
      options.timeSource,
      encoding === 'zstd',
    );
  }

  decode(
    topic: string,
    partition: number,
    batch: PackedBatch,
  ): { decoded: DecodedBatch; counts: NativeBatchCounts } {
    const dead: BatchDeadLetter[] = [];
    const bytes = Buffer.from(
      batch.values.buffer,
      batch.values.byteOffset,
      batch.values.byteLength,
    );
    const javascript = (index: number): unknown[] | null => {
      const start = index === 0 ? 0 : batch.ends[index - 1]!;
      const decoded = this.decoder.decode(
        {
          value: batch.nulls[index] === 1 ? null : bytes.subarray(start, batch.ends[index]),
          offset: batch.offsets[index]!,
          timestampMs: batch.timestampsMs[index]!,
        },
        batch.ingestedAtMs,
      );
      if (decoded.kind === 'dead') {
        dead.push({ index, reason: decoded.reason, detail: decoded.detail });
        return null;
      }
      const { row } = decoded;
      return [
        row.timeMs,
        ...this.spec.columns.map((column, at) => columnCell(column.type, row.values[at])),
      ];
    };
    const result = this.native.decode(
      topic,
      partition,
      batch.values,
      batch.ends,
      batch.nulls,
      batch.offsets,
      batch.timestampsMs,
      batch.ingestedAtMs,
      javascript,
    );
    const chunks = result.chunks.map((chunk): HourChunk => {
      // A buffer of its own, transferable to the consumer thread (the addon's is external memory,
      // freed now: this thread's heap collects too rarely to free it soon).
      const data = new Uint8Array(chunk.data);
      releaseNow(chunk.data);
      return {
        hourStartMs: chunk.hourStartMs,
        data,
        rows: chunk.rows,
        firstOffset: chunk.firstOffset,
        lastOffset: chunk.lastOffset,
        maxTimeMs: chunk.maxTimeMs,
        maxKafkaMs: chunk.maxKafkaMs,
      };
    });
    return {
      decoded: { chunks, dead },
      counts: {
        handedToJavascript: result.handedToJavascript,
        rowsFromJavascript: result.rowsFromJavascript,
      },
    };
  }
}
