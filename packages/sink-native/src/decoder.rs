//! A topic's records → bronze rows by hour, natively, with the JavaScript decoder as the authority
//! for every record this path does not land itself: a null, oversized, non-UTF-8 or malformed
//! value, a schema violation, a missing time, and anything this code cannot judge exactly as zod and
//! V8 would (see json.rs, jsregex.rs, iso_time.rs). Such a record is handed to JavaScript by its
//! index, which dead-letters it (reason and detail from zod and `JSON.parse`) or returns its row.

use crate::iso_time::{parse_date, parse_datetime};
use crate::json::Json;
use crate::rules::{Rule, RuleSpec};
use crate::table::{bronze_schema, Cell, ColumnType, HourTable, RowMeta};
use arrow_schema::Schema;
use serde::Deserialize;
use std::sync::Arc;

/// What the TypeScript compiler writes for a topic (native-program.ts).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgramSpec {
  pub schema: RuleSpec,
  pub columns: Vec<ColumnSpec>,
  /// Where the event time is; `None` for a topic that has none.
  pub event_time_path: Option<Vec<String>>,
}

#[derive(Deserialize)]
pub struct ColumnSpec {
  pub name: String,
  #[serde(rename = "type")]
  pub ty: ColumnType,
  pub path: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
  Event,
  Kafka,
  Wallclock,
}

pub struct Program {
  rule: Rule,
  columns: Vec<ColumnSpec>,
  types: Vec<ColumnType>,
  event_time_path: Option<Vec<String>>,
  pub schema: Arc<Schema>,
}

impl Program {
  pub fn new(spec: ProgramSpec) -> Result<Program, String> {
    let types: Vec<ColumnType> = spec.columns.iter().map(|c| c.ty).collect();
    let named: Vec<(String, ColumnType)> = spec.columns.iter().map(|c| (c.name.clone(), c.ty)).collect();
    Ok(Program {
      rule: Rule::compile(spec.schema)?,
      schema: bronze_schema(&named),
      columns: spec.columns,
      types,
      event_time_path: spec.event_time_path,
    })
  }

  pub fn types(&self) -> &[ColumnType] {
    &self.types
  }
}

/// The value at `path` (`None` where a step is missing or not an object): the accessor
/// `r.a?.b?.c ?? null` of the registry.
fn at<'v, 'a>(root: &'v Json<'a>, path: &[String]) -> Option<&'v Json<'a>> {
  let mut value = root;
  for key in path {
    value = value.get(key)?;
  }
  Some(value)
}

/// A column value converted as bronze-arrow.ts converts it; `None` when only JavaScript can say
/// (a number that would become text, text that would become a number, a time in another form).
fn cell<'v>(ty: ColumnType, value: Option<&'v Json>) -> Option<Cell<'v>> {
  let value = match value {
    None | Some(Json::Null) => {
      // `typeof null === 'object'`: a null list item is the text "null", a missing column is null.
      return Some(Cell::Null);
    }
    Some(value) => value,
  };
  Some(match (ty, value) {
    (ColumnType::String, Json::Str(s)) => Cell::Text(s),
    (ColumnType::String, Json::Bool(b)) => Cell::Text(if *b { "true" } else { "false" }),
    (ColumnType::Int64 | ColumnType::Double, Json::Num(n)) => Cell::Number(*n),
    (ColumnType::Int64 | ColumnType::Double, Json::Bool(b)) => Cell::Number(if *b { 1.0 } else { 0.0 }),
    (ColumnType::Timestamp, Json::Str(s)) => Cell::TimeMs(parse_datetime(s).or_else(|| parse_date(s))?),
    (ColumnType::Date, Json::Str(s)) => Cell::TimeMs(parse_date(s).or_else(|| parse_datetime(s))?),
    (ColumnType::Boolean, Json::Bool(b)) => Cell::Bool(*b),
    (ColumnType::Boolean, Json::Str(s)) => Cell::Bool(!s.is_empty()),
    (ColumnType::Boolean, Json::Num(n)) => Cell::Bool(*n != 0.0 && !n.is_nan()),
    (ColumnType::Boolean, Json::Arr(_) | Json::Obj(_)) => Cell::Bool(true),
    (ColumnType::StringList, Json::Arr(items)) => Cell::TextList(
      items
        .iter()
        .map(|item| match item {
          Json::Str(s) => Some(&**s),
          Json::Null => Some("null"),
          Json::Bool(true) => Some("true"),
          Json::Bool(false) => Some("false"),
          _ => None,
        })
        .collect::<Option<Vec<&str>>>()?,
    ),
    (ColumnType::StringList, _) => Cell::Null,
    _ => return None,
  })
}

/// One record's row, when this path can land it exactly as the JavaScript path would.
pub struct NativeRow<'v> {
  pub cells: Vec<Cell<'v>>,
  pub time_ms: f64,
}

impl Program {
  /// The row of a parsed record, or `None` when the record is left to JavaScript.
  pub fn row<'v>(
    &self,
    json: &'v Json<'v>,
    time_source: TimeSource,
    kafka_timestamp_ms: f64,
    ingested_at_ms: f64,
  ) -> Option<NativeRow<'v>> {
    if !self.rule.accepts(Some(json)) {
      return None;
    }
    let time_ms = match time_source {
      TimeSource::Kafka => kafka_timestamp_ms,
      TimeSource::Wallclock => ingested_at_ms,
      TimeSource::Event => match at(json, self.event_time_path.as_ref()?) {
        Some(Json::Str(s)) => parse_datetime(s).or_else(|| parse_date(s))?,
        _ => return None,
      },
    };
    let cells = self
      .columns
      .iter()
      .map(|column| cell(column.ty, at(json, &column.path)))
      .collect::<Option<Vec<_>>>()?;
    Some(NativeRow { cells, time_ms })
  }
}

pub const HOUR_MS: f64 = 3_600_000.0;

/// `hourStart` of @tributary/schemas.
pub fn hour_start(time_ms: f64) -> f64 {
  (time_ms / HOUR_MS).floor() * HOUR_MS
}

/// The hours of one batch, in the order each first appears (as the JavaScript path's Map keeps them).
pub struct Hours {
  pub tables: Vec<HourTable>,
}

impl Hours {
  pub fn new() -> Hours {
    Hours { tables: Vec::new() }
  }

  pub fn append(&mut self, types: &[ColumnType], cells: &[Cell], meta: &RowMeta, raw_capacity: usize) {
    let hour = hour_start(meta.time_ms);
    let index = match self.tables.iter().position(|t| t.hour_start_ms == hour) {
      Some(index) => index,
      None => {
        self.tables.push(HourTable::new(types, hour, meta, raw_capacity));
        self.tables.len() - 1
      }
    };
    self.tables[index].append(cells, meta);
  }
}
