//! One UTC hour of a batch's rows, appended column by column into Arrow builders, then written as
//! one Arrow IPC stream with the schema the JavaScript path writes (src/decode/bronze-arrow.ts):
//! the topic's typed columns, then `_raw` and the Kafka metadata, every field nullable.

use arrow_array::builder::{
  BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
  TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_ipc::writer::StreamWriter;
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
  String,
  Int64,
  Double,
  Boolean,
  Timestamp,
  Date,
  StringList,
}

/// A column value as the JavaScript builders take it (bronze-arrow.ts, after `asText`, `Number`,
/// `Boolean`, `Date.parse`): what both paths append.
pub enum Cell<'a> {
  Null,
  Text(&'a str),
  /// int64 and double; NaN is null, as in the JavaScript builder.
  Number(f64),
  /// Milliseconds since the epoch (timestamp and date columns).
  TimeMs(f64),
  Bool(bool),
  TextList(Vec<&'a str>),
}

const TWO_32: f64 = 4_294_967_296.0;
const DAY_MS: f64 = 86_400_000.0;

/// ECMAScript ToInt32.
fn to_int32(x: f64) -> i32 {
  if !x.is_finite() {
    return 0;
  }
  let m = x.trunc().rem_euclid(TWO_32);
  (if m >= 2_147_483_648.0 { m - TWO_32 } else { m }) as i32
}

/// The int64 the JavaScript builder writes for a number: two 32-bit halves of `Math.trunc(value)`.
pub fn js_int64(value: f64) -> i64 {
  let integer = value.trunc();
  let low = to_int32(integer % TWO_32) as u32;
  let high = to_int32((integer / TWO_32).floor());
  ((high as i64) << 32) | i64::from(low)
}

/// `Math.round`.
pub fn js_round(x: f64) -> f64 {
  if !x.is_finite() || x.fract() == 0.0 {
    return x;
  }
  let floor = x.floor();
  if x - floor >= 0.5 {
    floor + 1.0
  } else {
    floor
  }
}

/// Microseconds of a time in milliseconds, as the JavaScript builder computes them.
pub fn micros(ms: f64) -> i64 {
  js_int64(js_round(ms * 1000.0))
}

enum ColumnBuilder {
  Text(StringBuilder),
  Int64(Int64Builder),
  Double(Float64Builder),
  Bool(BooleanBuilder),
  Timestamp(TimestampMicrosecondBuilder),
  Date(Date32Builder),
  TextList(ListBuilder<StringBuilder>),
}

fn list_field() -> Arc<Field> {
  Arc::new(Field::new("element", DataType::Utf8, true))
}

fn utc_micros() -> DataType {
  DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

impl ColumnBuilder {
  fn new(ty: ColumnType) -> ColumnBuilder {
    match ty {
      ColumnType::String => ColumnBuilder::Text(StringBuilder::new()),
      ColumnType::Int64 => ColumnBuilder::Int64(Int64Builder::new()),
      ColumnType::Double => ColumnBuilder::Double(Float64Builder::new()),
      ColumnType::Boolean => ColumnBuilder::Bool(BooleanBuilder::new()),
      ColumnType::Timestamp => {
        ColumnBuilder::Timestamp(TimestampMicrosecondBuilder::new().with_timezone("UTC"))
      }
      ColumnType::Date => ColumnBuilder::Date(Date32Builder::new()),
      ColumnType::StringList => {
        ColumnBuilder::TextList(ListBuilder::new(StringBuilder::new()).with_field(list_field()))
      }
    }
  }

  /// Appends `cell`; the caller has converted it for this column's type (see decoder.rs).
  fn append(&mut self, cell: &Cell) {
    match (self, cell) {
      (ColumnBuilder::Text(b), Cell::Text(s)) => b.append_value(s),
      (ColumnBuilder::Text(b), _) => b.append_null(),
      (ColumnBuilder::Int64(b), Cell::Number(n)) if !n.is_nan() => b.append_value(js_int64(*n)),
      (ColumnBuilder::Int64(b), _) => b.append_null(),
      (ColumnBuilder::Double(b), Cell::Number(n)) if !n.is_nan() => b.append_value(*n),
      (ColumnBuilder::Double(b), _) => b.append_null(),
      (ColumnBuilder::Bool(b), Cell::Bool(v)) => b.append_value(*v),
      (ColumnBuilder::Bool(b), _) => b.append_null(),
      (ColumnBuilder::Timestamp(b), Cell::TimeMs(ms)) if !ms.is_nan() => b.append_value(micros(*ms)),
      (ColumnBuilder::Timestamp(b), _) => b.append_null(),
      (ColumnBuilder::Date(b), Cell::TimeMs(ms)) if !ms.is_nan() => {
        b.append_value(to_int32((ms / DAY_MS).floor()))
      }
      (ColumnBuilder::Date(b), _) => b.append_null(),
      (ColumnBuilder::TextList(b), Cell::TextList(items)) => {
        for item in items {
          b.values().append_value(item);
        }
        b.append(true);
      }
      (ColumnBuilder::TextList(b), _) => b.append(false),
    }
  }

  fn finish(&mut self) -> ArrayRef {
    match self {
      ColumnBuilder::Text(b) => Arc::new(b.finish()),
      ColumnBuilder::Int64(b) => Arc::new(b.finish()),
      ColumnBuilder::Double(b) => Arc::new(b.finish()),
      ColumnBuilder::Bool(b) => Arc::new(b.finish()),
      ColumnBuilder::Timestamp(b) => Arc::new(b.finish()),
      ColumnBuilder::Date(b) => Arc::new(b.finish()),
      ColumnBuilder::TextList(b) => Arc::new(b.finish()),
    }
  }
}

fn data_type(ty: ColumnType) -> DataType {
  match ty {
    ColumnType::String => DataType::Utf8,
    ColumnType::Int64 => DataType::Int64,
    ColumnType::Double => DataType::Float64,
    ColumnType::Boolean => DataType::Boolean,
    ColumnType::Timestamp => utc_micros(),
    ColumnType::Date => DataType::Date32,
    ColumnType::StringList => DataType::List(list_field()),
  }
}

/// The bronze schema of a topic whose typed columns are `columns`.
pub fn bronze_schema(columns: &[(String, ColumnType)]) -> Arc<Schema> {
  let mut fields: Vec<Field> = columns
    .iter()
    .map(|(name, ty)| Field::new(name, data_type(*ty), true))
    .collect();
  fields.push(Field::new("_raw", DataType::Utf8, true));
  fields.push(Field::new("_kafka_topic", DataType::Utf8, true));
  fields.push(Field::new("_kafka_partition", DataType::Int64, true));
  fields.push(Field::new("_kafka_offset", DataType::Int64, true));
  fields.push(Field::new("_kafka_timestamp", utc_micros(), true));
  fields.push(Field::new("_ingested_at", utc_micros(), true));
  Arc::new(Schema::new(fields))
}

/// The rows of one hour of one batch, and what the sink needs to know about them.
pub struct HourTable {
  pub hour_start_ms: f64,
  pub rows: u32,
  pub first_offset: i64,
  pub last_offset: i64,
  pub max_time_ms: f64,
  pub max_kafka_ms: f64,
  columns: Vec<ColumnBuilder>,
  raw: StringBuilder,
  offsets: Int64Builder,
  kafka_timestamps: TimestampMicrosecondBuilder,
  ingested_at: TimestampMicrosecondBuilder,
}

/// The Kafka side of a row.
pub struct RowMeta<'a> {
  pub raw: &'a str,
  pub offset: i64,
  pub kafka_timestamp_ms: f64,
  pub ingested_at_ms: f64,
  pub time_ms: f64,
}

impl HourTable {
  pub fn new(types: &[ColumnType], hour_start_ms: f64, first: &RowMeta, raw_capacity: usize) -> HourTable {
    HourTable {
      hour_start_ms,
      rows: 0,
      first_offset: first.offset,
      last_offset: first.offset,
      max_time_ms: first.time_ms,
      max_kafka_ms: first.kafka_timestamp_ms,
      columns: types.iter().map(|ty| ColumnBuilder::new(*ty)).collect(),
      raw: StringBuilder::with_capacity(1024, raw_capacity),
      offsets: Int64Builder::new(),
      kafka_timestamps: TimestampMicrosecondBuilder::new().with_timezone("UTC"),
      ingested_at: TimestampMicrosecondBuilder::new().with_timezone("UTC"),
    }
  }

  pub fn append(&mut self, cells: &[Cell], meta: &RowMeta) {
    for (builder, cell) in self.columns.iter_mut().zip(cells) {
      builder.append(cell);
    }
    self.raw.append_value(meta.raw);
    self.offsets.append_value(meta.offset);
    let time = |ms: f64| if ms.is_nan() { None } else { Some(micros(ms)) };
    self.kafka_timestamps.append_option(time(meta.kafka_timestamp_ms));
    self.ingested_at.append_option(time(meta.ingested_at_ms));
    self.last_offset = meta.offset;
    self.max_time_ms = self.max_time_ms.max(meta.time_ms);
    self.max_kafka_ms = self.max_kafka_ms.max(meta.kafka_timestamp_ms);
    self.rows += 1;
  }

  /// The rows as one Arrow IPC stream (one record batch).
  pub fn into_ipc(mut self, schema: &Arc<Schema>, topic: &str, partition: i64) -> Result<Vec<u8>, String> {
    let rows = self.rows as usize;
    let mut arrays: Vec<ArrayRef> = self.columns.iter_mut().map(ColumnBuilder::finish).collect();
    arrays.push(Arc::new(self.raw.finish()));
    arrays.push(Arc::new(StringArray::from_iter_values(std::iter::repeat_n(
      topic, rows,
    ))));
    arrays.push(Arc::new(Int64Array::from_value(partition, rows)));
    arrays.push(Arc::new(self.offsets.finish()));
    arrays.push(Arc::new(self.kafka_timestamps.finish()));
    arrays.push(Arc::new(self.ingested_at.finish()));
    let batch = RecordBatch::try_new(schema.clone(), arrays).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(batch.get_array_memory_size() + 4096);
    {
      let mut writer = StreamWriter::try_new(&mut out, schema).map_err(|e| e.to_string())?;
      writer.write(&batch).map_err(|e| e.to_string())?;
      writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn int64_like_javascript_halves() {
    assert_eq!(js_int64(5.9), 5);
    assert_eq!(js_int64(-5.9), -5);
    assert_eq!(js_int64(9_007_199_254_740_991.0), 9_007_199_254_740_991);
    assert_eq!(js_int64(-4_294_967_297.0), -4_294_967_297);
    assert_eq!(js_int64(f64::INFINITY), 0);
  }

  #[test]
  fn round_like_math_round() {
    assert_eq!(js_round(-2.5), -2.0);
    assert_eq!(js_round(2.5), 3.0);
    assert_eq!(js_round(0.49999999999999994), 0.0);
  }
}
