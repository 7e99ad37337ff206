//! A topic's validation rules, compiled in TypeScript from its zod schema in the topic registry
//! (apps/bronze-sink/src/decode/native-program.ts) and checked here with zod's meaning. A record
//! these rules accept is one zod accepts; a record they do not accept (or cannot judge) is decided
//! by zod itself, so the dead-letter reason and detail are zod's.

use crate::json::Json;
use crate::jsregex::{JsRegex, Matched};
use serde::Deserialize;

/// The rule tree as the TypeScript compiler writes it.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RuleSpec {
  Unknown,
  Undefined,
  Null,
  Boolean,
  String {
    #[serde(default)]
    min_length: Option<f64>,
    #[serde(default)]
    max_length: Option<f64>,
    #[serde(default)]
    patterns: Vec<PatternSpec>,
  },
  Number {
    #[serde(default)]
    integer: bool,
    #[serde(default)]
    safe_integer: bool,
    #[serde(default)]
    bounds: Vec<BoundSpec>,
  },
  Literal {
    values: Vec<serde_json::Value>,
  },
  Optional {
    inner: Box<RuleSpec>,
  },
  Nullable {
    inner: Box<RuleSpec>,
  },
  Array {
    element: Box<RuleSpec>,
    #[serde(default)]
    min_length: Option<f64>,
    #[serde(default)]
    max_length: Option<f64>,
  },
  Object {
    shape: Vec<(String, RuleSpec)>,
    /// Extra keys: none given means they are stripped (accepted); a rule checks their values.
    #[serde(default)]
    catchall: Option<Box<RuleSpec>>,
  },
  Record {
    key: Box<RuleSpec>,
    value: Box<RuleSpec>,
  },
  Union {
    options: Vec<RuleSpec>,
  },
  Never,
}

#[derive(Deserialize)]
pub struct PatternSpec {
  source: String,
  flags: String,
}

#[derive(Deserialize)]
pub struct BoundSpec {
  /// `>=`/`>` when `lower`, `<=`/`<` otherwise.
  lower: bool,
  value: f64,
  inclusive: bool,
}

pub enum Rule {
  Unknown,
  Undefined,
  Null,
  Boolean,
  String {
    min: Option<f64>,
    max: Option<f64>,
    patterns: Vec<JsRegex>,
  },
  Number {
    integer: bool,
    safe_integer: bool,
    bounds: Vec<BoundSpec>,
  },
  Literal(Vec<Literal>),
  Optional(Box<Rule>),
  Nullable(Box<Rule>),
  Array {
    element: Box<Rule>,
    min: Option<f64>,
    max: Option<f64>,
  },
  Object {
    shape: Vec<(String, Rule)>,
    catchall: Option<Box<Rule>>,
  },
  Record {
    key: Box<Rule>,
    value: Box<Rule>,
  },
  Union(Vec<Rule>),
  Never,
}

pub enum Literal {
  Null,
  Bool(bool),
  Num(f64),
  Str(String),
}

impl Rule {
  pub fn compile(spec: RuleSpec) -> Result<Rule, String> {
    Ok(match spec {
      RuleSpec::Unknown => Rule::Unknown,
      RuleSpec::Undefined => Rule::Undefined,
      RuleSpec::Null => Rule::Null,
      RuleSpec::Boolean => Rule::Boolean,
      RuleSpec::Never => Rule::Never,
      RuleSpec::String {
        min_length,
        max_length,
        patterns,
      } => Rule::String {
        min: min_length,
        max: max_length,
        patterns: patterns
          .iter()
          .map(|p| JsRegex::new(&p.source, &p.flags).map_err(|e| format!("/{}/{}: {e}", p.source, p.flags)))
          .collect::<Result<_, _>>()?,
      },
      RuleSpec::Number {
        integer,
        safe_integer,
        bounds,
      } => Rule::Number {
        integer,
        safe_integer,
        bounds,
      },
      RuleSpec::Literal { values } => Rule::Literal(
        values
          .into_iter()
          .map(|value| match value {
            serde_json::Value::Null => Ok(Literal::Null),
            serde_json::Value::Bool(b) => Ok(Literal::Bool(b)),
            serde_json::Value::Number(n) => n
              .as_f64()
              .map(Literal::Num)
              .ok_or_else(|| "a literal number".to_string()),
            serde_json::Value::String(s) => Ok(Literal::Str(s)),
            other => Err(format!("the literal {other} is not supported natively")),
          })
          .collect::<Result<_, _>>()?,
      ),
      RuleSpec::Optional { inner } => Rule::Optional(Box::new(Rule::compile(*inner)?)),
      RuleSpec::Nullable { inner } => Rule::Nullable(Box::new(Rule::compile(*inner)?)),
      RuleSpec::Array {
        element,
        min_length,
        max_length,
      } => Rule::Array {
        element: Box::new(Rule::compile(*element)?),
        min: min_length,
        max: max_length,
      },
      RuleSpec::Object { shape, catchall } => Rule::Object {
        shape: shape
          .into_iter()
          .map(|(key, rule)| Ok((key, Rule::compile(rule)?)))
          .collect::<Result<_, String>>()?,
        catchall: match catchall {
          Some(rule) => Some(Box::new(Rule::compile(*rule)?)),
          None => None,
        },
      },
      RuleSpec::Record { key, value } => Rule::Record {
        key: Box::new(Rule::compile(*key)?),
        value: Box::new(Rule::compile(*value)?),
      },
      RuleSpec::Union { options } => {
        Rule::Union(options.into_iter().map(Rule::compile).collect::<Result<_, _>>()?)
      }
    })
  }

  /// Whether zod accepts `value` (`None`: the key is absent, JavaScript's `undefined`). `false` also
  /// when this cannot be judged here: the record then goes to zod.
  pub fn accepts(&self, value: Option<&Json>) -> bool {
    match (self, value) {
      (Rule::Unknown, _) => true,
      (Rule::Optional(_), None) | (Rule::Undefined, None) => true,
      (Rule::Optional(inner), Some(v)) => inner.accepts(Some(v)),
      (Rule::Nullable(_), Some(Json::Null)) => true,
      (Rule::Nullable(inner), v) => inner.accepts(v),
      (Rule::Union(options), v) => options.iter().any(|option| option.accepts(v)),
      (_, None) => false,
      (Rule::Null, Some(v)) => matches!(v, Json::Null),
      (Rule::Boolean, Some(v)) => matches!(v, Json::Bool(_)),
      (Rule::String { min, max, patterns }, Some(Json::Str(s))) => {
        let needs_length = min.is_some() || max.is_some();
        let length = if needs_length { utf16_length(s) as f64 } else { 0.0 };
        min.is_none_or(|m| length >= m)
          && max.is_none_or(|m| length <= m)
          && patterns.iter().all(|p| matches!(p.is_match(s), Matched::Yes))
      }
      (
        Rule::Number {
          integer,
          safe_integer,
          bounds,
        },
        Some(Json::Num(n)),
      ) => {
        let n = *n;
        n.is_finite()
          && (!integer || n.fract() == 0.0)
          && (!safe_integer || n.abs() <= 9_007_199_254_740_991.0)
          && bounds.iter().all(|b| match (b.lower, b.inclusive) {
            (true, true) => n >= b.value,
            (true, false) => n > b.value,
            (false, true) => n <= b.value,
            (false, false) => n < b.value,
          })
      }
      (Rule::Literal(values), Some(v)) => values.iter().any(|literal| match (literal, v) {
        (Literal::Null, Json::Null) => true,
        (Literal::Bool(a), Json::Bool(b)) => a == b,
        (Literal::Num(a), Json::Num(b)) => a == b,
        (Literal::Str(a), Json::Str(b)) => a == b,
        _ => false,
      }),
      (Rule::Array { element, min, max }, Some(Json::Arr(items))) => {
        let length = items.len() as f64;
        min.is_none_or(|m| length >= m)
          && max.is_none_or(|m| length <= m)
          && items.iter().all(|item| element.accepts(Some(item)))
      }
      (Rule::Object { shape, catchall }, Some(object @ Json::Obj(entries))) => {
        shape.iter().all(|(key, rule)| rule.accepts(object.get(key)))
          && catchall.as_ref().is_none_or(|extra| {
            // A loose object's extra keys (catchall unknown) need no look.
            matches!(**extra, Rule::Unknown)
              || entries
                .iter()
                .filter(|(key, _)| !shape.iter().any(|(known, _)| known == key))
                .all(|(key, _)| extra.accepts(object.get(key)))
          })
      }
      (Rule::Record { key, value }, Some(Json::Obj(entries))) => entries
        .iter()
        .all(|(k, v)| key.accepts(Some(&Json::Str(std::borrow::Cow::Borrowed(k)))) && value.accepts(Some(v))),
      _ => false,
    }
  }
}

/// JavaScript's `string.length`: UTF-16 code units.
fn utf16_length(s: &str) -> usize {
  if s.is_ascii() {
    s.len()
  } else {
    s.chars().map(char::len_utf16).sum()
  }
}
