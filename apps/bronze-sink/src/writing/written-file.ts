/** One Parquet file a write produced: where it goes and what it holds, from encode to announce. */
export interface WrittenFile {
  topic: string;
  partition: number;
  /** The object key: `<topic>/dt=…/hr=…/<topic>+<partition>+<first>-<last>.parquet`. */
  key: string;
  hourStartMs: number;
  records: number;
  firstOffset: bigint;
  lastOffset: bigint;
  body: Uint8Array;
}
