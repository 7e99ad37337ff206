// The record → Arrow → Parquet path, as bench/ compares it with other Parquet writers.
export { bronzeIPC } from './decode/bronze-arrow';
export { ParquetEncoder, ROW_GROUP_ROWS } from './encode/parquet-encoder';
export { RecordDecoder, type BronzeRow } from './decode/record-decoder';
