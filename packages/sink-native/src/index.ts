import { existsSync } from 'node:fs';
import { join } from 'node:path';

/*
 * The bronze sink's native hot path (Rust, napi-rs; src/*.rs): the addon built by
 * scripts/build-native.sh into dist/sink-native.node. Nothing here falls back to JavaScript: a sink
 * configured for the native decoder refuses to start when the addon cannot be loaded.
 */

/** One hour of a decoded batch (the sink's `HourChunk`). */
export interface NativeHourChunk {
  hourStartMs: number;
  /** The Arrow IPC stream, zstd-compressed when the decoder compresses. */
  data: Buffer;
  rows: number;
  firstOffset: bigint;
  lastOffset: bigint;
  maxTimeMs: number;
  maxKafkaMs: number;
}

export interface NativeDecodedBatch {
  chunks: NativeHourChunk[];
  /** Records the JavaScript decoder landed after the native one left them to it. */
  rowsFromJavascript: number;
  /** Records the native decoder left to the JavaScript one (dead letters included). */
  handedToJavascript: number;
}

/**
 * Decides one record the native decoder leaves to JavaScript, by its index in the batch: `null`
 * when it is dead-lettered, else `[timeMs, ...cells]` with each cell as the Arrow builders of the
 * JavaScript path take it (string | number | boolean | string[] | null).
 */
export type JavascriptDecode = (index: number) => unknown[] | null;

export interface NativeDecoder {
  decode(
    topic: string,
    partition: number,
    values: Uint8Array,
    ends: Int32Array,
    nulls: Uint8Array,
    offsets: BigInt64Array,
    timestampsMs: Float64Array,
    ingestedAtMs: number,
    javascript: JavascriptDecode,
  ): NativeDecodedBatch;
}

export interface SinkNative {
  /** `program`: a topic's native program as JSON; throws when one of its rules cannot be checked natively. */
  NativeDecoder: new (
    program: string,
    maxRecordBytes: number,
    timeSource: 'event' | 'kafka' | 'wallclock',
    compress: boolean,
  ) => NativeDecoder;
  /** One Parquet file from held chunks of one schema (arrow-rs's writer, as parquet-wasm's). */
  writeParquet(
    chunks: Uint8Array[],
    heldCompressed: boolean,
    compression: 'zstd' | 'snappy' | 'gzip' | 'none',
    rowGroupRows: number,
  ): Buffer;
}

/** Where the built addon is. */
export const ADDON_PATH = join(__dirname, 'sink-native.node');

/** The addon cannot be loaded (not built, or built for another platform). */
export class SinkNativeUnavailable extends Error {
  readonly code = 'SINK_NATIVE_UNAVAILABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SinkNativeUnavailable';
  }
}

let loaded: SinkNative | undefined;

/** The addon; throws `SinkNativeUnavailable` when it cannot be loaded. */
export function loadSinkNative(): SinkNative {
  if (loaded) return loaded;
  if (!existsSync(ADDON_PATH))
    throw new SinkNativeUnavailable(
      `${ADDON_PATH} is not built (./tributary setup builds it with cargo)`,
    );
  try {
    // A native addon is loaded by require; its shape is the one declared above (src/lib.rs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(ADDON_PATH) as SinkNative;
    return loaded;
  } catch (error) {
    throw new SinkNativeUnavailable(`${ADDON_PATH} cannot be loaded`, { cause: error });
  }
}
