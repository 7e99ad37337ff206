// The record → Arrow → Parquet path, as bench/ compares it with other Parquet writers and decoders.
export { bronzeIPC } from './decode/bronze-arrow';
export { decodeChunk, encodeChunk, type ChunkEncoding } from './decode/chunk-compression';
export { NativeBatchDecoder } from './decode/native-batch';
export { nativeProgram } from './decode/native-program';
export {
  decodeBatch,
  packBatch,
  type BatchMessage,
  type DecodedBatch,
} from './decode/record-batch';
export { ParquetEncoder, ROW_GROUP_ROWS } from './encode/parquet-encoder';
export { RecordDecoder, type BronzeRow } from './decode/record-decoder';
