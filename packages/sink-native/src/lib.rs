//! The bronze sink's hot path in native code: Kafka values → validated rows → Arrow IPC chunks by
//! hour (held zstd-compressed), and held chunks → one Parquet file. Loaded by
//! `@tributary/sink-native` (src/index.ts); the sink selects it with `SINK_DECODER=native`.

mod big_blocks;
mod decoder;
mod iso_time;
mod json;
mod jsregex;
mod parquet_file;
mod rules;
mod table;

use decoder::{Hours, Program, ProgramSpec, TimeSource};

#[global_allocator]
static ALLOCATOR: big_blocks::BigBlocks = big_blocks::BigBlocks;
use json::Json;
use napi::bindgen_prelude::*;
use napi::ValueType;
use napi_derive::napi;
use table::{Cell, ColumnType, RowMeta};

/// zstd's fastest standard level, as the JavaScript path holds chunks (chunk-compression.ts).
const HELD_ZSTD_LEVEL: i32 = 1;

fn error(message: impl Into<String>) -> Error {
  Error::new(Status::GenericFailure, message.into())
}

/// One hour of a decoded batch, as `HourChunk` of the sink without the bigint offsets.
#[napi(object)]
pub struct NativeHourChunk {
  pub hour_start_ms: f64,
  /// The Arrow IPC stream, zstd-compressed when the decoder was made with `compress`.
  pub data: Buffer,
  pub rows: u32,
  pub first_offset: BigInt,
  pub last_offset: BigInt,
  pub max_time_ms: f64,
  pub max_kafka_ms: f64,
}

#[napi(object)]
pub struct NativeDecodedBatch {
  pub chunks: Vec<NativeHourChunk>,
  /// Records JavaScript landed as rows after this path left them to it (0 unless a record needed
  /// something only V8 or zod can judge, such as a lone surrogate escape).
  pub rows_from_javascript: u32,
  /// Records JavaScript was asked about (dead letters included).
  pub handed_to_javascript: u32,
}

/// Decodes the batches of one topic (see decoder.rs).
#[napi]
pub struct NativeDecoder {
  program: Program,
  max_record_bytes: usize,
  time_source: TimeSource,
  compress: bool,
}

/// A row JavaScript decoded: `[timeMs, ...cells]`, cells converted as bronze-arrow.ts does.
enum OwnedCell {
  Null,
  Text(String),
  Number(f64),
  TimeMs(f64),
  Bool(bool),
  TextList(Vec<String>),
}

fn owned_cell(ty: ColumnType, value: Unknown) -> Result<OwnedCell> {
  let kind = value.get_type()?;
  if kind == ValueType::Null || kind == ValueType::Undefined {
    return Ok(OwnedCell::Null);
  }
  // SAFETY: each cast follows the value's checked type.
  unsafe {
    Ok(match (ty, kind) {
      (ColumnType::String, ValueType::String) => OwnedCell::Text(value.cast::<String>()?),
      (ColumnType::Int64 | ColumnType::Double, ValueType::Number) => OwnedCell::Number(value.cast::<f64>()?),
      (ColumnType::Timestamp | ColumnType::Date, ValueType::Number) => {
        OwnedCell::TimeMs(value.cast::<f64>()?)
      }
      (ColumnType::Boolean, ValueType::Boolean) => OwnedCell::Bool(value.cast::<bool>()?),
      (ColumnType::StringList, ValueType::Object) => OwnedCell::TextList(value.cast::<Vec<String>>()?),
      _ => {
        return Err(error(format!(
          "a JavaScript row cell of type {kind:?} for a {ty:?} column"
        )))
      }
    })
  }
}

fn borrowed(cell: &OwnedCell) -> Cell<'_> {
  match cell {
    OwnedCell::Null => Cell::Null,
    OwnedCell::Text(s) => Cell::Text(s),
    OwnedCell::Number(n) => Cell::Number(*n),
    OwnedCell::TimeMs(ms) => Cell::TimeMs(*ms),
    OwnedCell::Bool(b) => Cell::Bool(*b),
    OwnedCell::TextList(items) => Cell::TextList(items.iter().map(String::as_str).collect()),
  }
}

#[napi]
impl NativeDecoder {
  /// `program`: the JSON of native-program.ts. Throws when a rule cannot be checked natively.
  #[napi(constructor)]
  pub fn new(program: String, max_record_bytes: u32, time_source: String, compress: bool) -> Result<Self> {
    let spec: ProgramSpec = serde_json::from_str(&program).map_err(|e| error(format!("program: {e}")))?;
    let program = Program::new(spec).map_err(error)?;
    let time_source = match time_source.as_str() {
      "event" => TimeSource::Event,
      "kafka" => TimeSource::Kafka,
      "wallclock" => TimeSource::Wallclock,
      other => return Err(error(format!("time source {other}"))),
    };
    Ok(NativeDecoder {
      program,
      max_record_bytes: max_record_bytes as usize,
      time_source,
      compress,
    })
  }

  /// Decodes one packed batch (record-batch.ts `PackedBatch`). `javascript(index)` decodes a record
  /// this path leaves to it: `null` when it dead-lettered it, else `[timeMs, ...cells]`.
  #[napi]
  #[allow(clippy::too_many_arguments)]
  pub fn decode(
    &self,
    topic: String,
    partition: u32,
    values: &[u8],
    ends: &[i32],
    nulls: &[u8],
    offsets: &[i64],
    timestamps_ms: &[f64],
    ingested_at_ms: f64,
    javascript: Function<u32, Unknown>,
  ) -> Result<NativeDecodedBatch> {
    let types = self.program.types();
    let mut hours = Hours::new();
    let mut handed = 0u32;
    let mut from_javascript = 0u32;
    let raw_capacity = values.len().min(64 * 1024 * 1024);
    let mut start = 0usize;
    for index in 0..ends.len() {
      let end = ends[index] as usize;
      let bytes = values
        .get(start..end)
        .ok_or_else(|| error("batch ends out of range"))?;
      start = end;
      fn meta<'r>(
        raw: &'r str,
        offset: i64,
        kafka_timestamp_ms: f64,
        ingested_at_ms: f64,
        time_ms: f64,
      ) -> RowMeta<'r> {
        RowMeta {
          raw,
          offset,
          kafka_timestamp_ms,
          ingested_at_ms,
          time_ms,
        }
      }
      let meta_for = |raw, time_ms| meta(raw, offsets[index], timestamps_ms[index], ingested_at_ms, time_ms);
      let native = if nulls[index] == 1 || bytes.is_empty() || bytes.len() > self.max_record_bytes {
        None
      } else {
        std::str::from_utf8(bytes)
          .ok()
          .and_then(|text| Json::parse(text).map(|json| (text, json)))
      };
      if let Some((text, json)) = &native {
        if let Some(row) = self
          .program
          .row(json, self.time_source, timestamps_ms[index], ingested_at_ms)
        {
          hours.append(types, &row.cells, &meta_for(text, row.time_ms), raw_capacity);
          continue;
        }
      }
      handed += 1;
      let answer = javascript.call(index as u32)?;
      if matches!(answer.get_type()?, ValueType::Null | ValueType::Undefined) {
        continue;
      }
      // SAFETY: JavaScript answers null or an array (record-batch.ts).
      let row: Array = unsafe { answer.cast()? };
      let time_ms: f64 = row
        .get(0)?
        .ok_or_else(|| error("a JavaScript row without its time"))?;
      let owned = types
        .iter()
        .enumerate()
        .map(|(column, ty)| {
          let value: Unknown = row
            .get(column as u32 + 1)?
            .ok_or_else(|| error("a short JavaScript row"))?;
          owned_cell(*ty, value)
        })
        .collect::<Result<Vec<_>>>()?;
      let cells: Vec<Cell> = owned.iter().map(borrowed).collect();
      let raw =
        std::str::from_utf8(bytes).map_err(|_| error("JavaScript landed a value that is not UTF-8"))?;
      hours.append(types, &cells, &meta_for(raw, time_ms), raw_capacity);
      from_javascript += 1;
    }
    let mut chunks = Vec::with_capacity(hours.tables.len());
    for table in hours.tables {
      let (hour_start_ms, rows, first, last) = (
        table.hour_start_ms,
        table.rows,
        table.first_offset,
        table.last_offset,
      );
      let (max_time_ms, max_kafka_ms) = (table.max_time_ms, table.max_kafka_ms);
      let ipc = table
        .into_ipc(&self.program.schema, &topic, i64::from(partition))
        .map_err(error)?;
      let data = if self.compress {
        zstd::bulk::compress(&ipc, HELD_ZSTD_LEVEL).map_err(|e| error(e.to_string()))?
      } else {
        ipc
      };
      chunks.push(NativeHourChunk {
        hour_start_ms,
        data: data.into(),
        rows,
        first_offset: BigInt::from(first),
        last_offset: BigInt::from(last),
        max_time_ms,
        max_kafka_ms,
      });
    }
    Ok(NativeDecodedBatch {
      chunks,
      rows_from_javascript: from_javascript,
      handed_to_javascript: handed,
    })
  }
}

/// Writes one Parquet file from held chunks (Arrow IPC streams of one schema, zstd-compressed when
/// `held_compressed`), `row_group_rows` rows per row group.
#[napi]
pub fn write_parquet(
  chunks: Vec<Uint8Array>,
  held_compressed: bool,
  compression: String,
  row_group_rows: u32,
) -> Result<Buffer> {
  parquet_file::write(chunks, held_compressed, &compression, row_group_rows as usize)
    .map(Buffer::from)
    .map_err(error)
}
