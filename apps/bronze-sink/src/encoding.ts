// The record → Arrow → Parquet path, as bench/ compares it with other Parquet writers.
export { bronzeIPC } from './sink/bronze-arrow';
export { ParquetEncoder, ROW_GROUP_ROWS } from './sink/parquet-encoder';
export { RecordDecoder, type BronzeRow } from './sink/record-decoder';
