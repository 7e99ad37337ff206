import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Every metric the bronze sink exports (the registry adds `app="bronze-sink"`). */
export class SinkMetrics {
  readonly recordsIn: Counter<'topic'>;
  readonly recordsOut: Counter<'topic'>;
  readonly deadLettered: Counter<'topic' | 'reason'>;
  readonly filesUploaded: Counter<'topic'>;
  readonly bytesUploaded: Counter<'topic'>;
  readonly uploadSeconds: Histogram<'topic'>;
  readonly bufferedBytes: Gauge;
  readonly consumerLag: Gauge<'topic' | 'partition'>;
  readonly oldestUnflushedSeconds: Gauge<'topic' | 'partition'>;
  readonly fenced: Counter<'topic'>;
  readonly skippedLanded: Counter<'topic'>;
  readonly hourMarkers: Counter<'topic'>;
  readonly lateRecords: Counter<'topic'>;
  readonly offsetCommitFailures: Counter<'topic'>;
  readonly restarts: Counter;
  readonly encoderWasmBytes: Gauge;
  readonly encoderHeapBytes: Gauge;
  readonly decoderHeapBytes: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.recordsIn = new Counter({
      name: 'tributary_sink_records_in_total',
      help: 'Records consumed from Kafka',
      labelNames: ['topic'],
      registers,
    });
    this.recordsOut = new Counter({
      name: 'tributary_sink_records_out_total',
      help: 'Records landed in bronze files (committed)',
      labelNames: ['topic'],
      registers,
    });
    this.deadLettered = new Counter({
      name: 'tributary_sink_records_dead_lettered_total',
      help: 'Records sent to <topic>.dlq, by reason',
      labelNames: ['topic', 'reason'],
      registers,
    });
    this.filesUploaded = new Counter({
      name: 'tributary_sink_files_uploaded_total',
      help: 'Parquet files committed',
      labelNames: ['topic'],
      registers,
    });
    this.bytesUploaded = new Counter({
      name: 'tributary_sink_bytes_uploaded_total',
      help: 'Parquet bytes committed',
      labelNames: ['topic'],
      registers,
    });
    this.uploadSeconds = new Histogram({
      name: 'tributary_sink_upload_seconds',
      help: 'Time to upload one Parquet file, retries included',
      labelNames: ['topic'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.bufferedBytes = new Gauge({
      name: 'tributary_sink_buffered_bytes',
      help: 'Bytes of decoded records buffered or being written to files (what SINK_BUFFER_BYTES bounds)',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'tributary_sink_consumer_lag_records',
      help: 'Records in Kafka not yet consumed: high watermark (fetched every few seconds) minus next offset, per partition',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.oldestUnflushedSeconds = new Gauge({
      name: 'tributary_sink_oldest_unflushed_record_age_seconds',
      help: 'Age of the oldest buffered record, per partition',
      labelNames: ['topic', 'partition'],
      registers,
    });
    this.fenced = new Counter({
      name: 'tributary_sink_fenced_total',
      help: 'Flushes refused because another writer owns the partition',
      labelNames: ['topic'],
      registers,
    });
    this.skippedLanded = new Counter({
      name: 'tributary_sink_records_skipped_already_landed_total',
      help: 'Records consumed again after a restart or rebalance and skipped because bronze already has them',
      labelNames: ['topic'],
      registers,
    });
    this.hourMarkers = new Counter({
      name: 'tributary_sink_hour_markers_total',
      help: '_SUCCESS markers written (hours complete)',
      labelNames: ['topic'],
      registers,
    });
    this.lateRecords = new Counter({
      name: 'tributary_sink_late_records_total',
      help: 'Records landed in an hour already marked complete (announced as late on bronze.files)',
      labelNames: ['topic'],
      registers,
    });
    this.offsetCommitFailures = new Counter({
      name: 'tributary_sink_offset_commit_failures_total',
      help: 'Group offset commits that failed (made again from the checkpoint within seconds)',
      labelNames: ['topic'],
      registers,
    });
    this.encoderWasmBytes = new Gauge({
      name: 'tributary_sink_encoder_wasm_bytes',
      help: "Size of the Parquet writer's WebAssembly memory (grows to the largest file's need, never shrinks)",
      registers,
    });
    this.encoderHeapBytes = new Gauge({
      name: 'tributary_sink_encoder_heap_bytes',
      help: "The Parquet writer thread's V8 heap (its ArrayBuffers count in the process's external memory)",
      registers,
    });
    this.decoderHeapBytes = new Gauge({
      name: 'tributary_sink_decoder_heap_bytes',
      help: "The decode threads' V8 heaps together (the Arrow buffers they hand over are external memory)",
      registers,
    });
    this.restarts = new Counter({
      name: 'tributary_sink_consumer_restarts_total',
      help: 'Scheduled graceful consumer restarts',
      registers,
    });
  }
}
