//! A JSON value borrowed from the record's bytes where it has no escapes: one allocation per array or
//! object, none per plain string. Parsed by serde_json, which accepts RFC 8259 JSON only. Anything
//! it refuses that `JSON.parse` accepts (a lone surrogate escape, nesting deeper than 128, a number
//! beyond f64) is handed to the JavaScript decoder, which has the last word (see decoder.rs).

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::fmt;

#[derive(Debug)]
pub enum Json<'a> {
  Null,
  Bool(bool),
  /// Every number as the f64 `JSON.parse` would give (serde_json rounds correctly with
  /// `float_roundtrip`; integers are converted with round-to-nearest, as JavaScript does).
  Num(f64),
  Str(Cow<'a, str>),
  Arr(Vec<Json<'a>>),
  /// Keys in input order, duplicates kept; lookups take the last one, as `JSON.parse` does.
  Obj(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl<'a> Json<'a> {
  pub fn parse(text: &'a str) -> Option<Json<'a>> {
    serde_json::from_str(text).ok()
  }

  /// The value of `key` in an object (the last occurrence), `None` when absent or not an object.
  pub fn get(&self, key: &str) -> Option<&Json<'a>> {
    match self {
      Json::Obj(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
      _ => None,
    }
  }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
  type Value = Json<'de>;

  fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
    f.write_str("any JSON value")
  }
  fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
    Ok(Json::Bool(v))
  }
  fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
    Ok(Json::Num(v as f64))
  }
  fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
    Ok(Json::Num(v as f64))
  }
  fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
    Ok(Json::Num(v))
  }
  fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
    Ok(Json::Str(Cow::Borrowed(v)))
  }
  fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
    Ok(Json::Str(Cow::Owned(v.to_owned())))
  }
  fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
    Ok(Json::Str(Cow::Owned(v)))
  }
  fn visit_unit<E>(self) -> Result<Self::Value, E> {
    Ok(Json::Null)
  }
  fn visit_none<E>(self) -> Result<Self::Value, E> {
    Ok(Json::Null)
  }
  fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
    let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(4));
    while let Some(item) = seq.next_element()? {
      items.push(item);
    }
    Ok(Json::Arr(items))
  }
  fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
    let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
    while let Some(key) = map.next_key::<Key<'de>>()? {
      entries.push((key.0, map.next_value()?));
    }
    Ok(Json::Obj(entries))
  }
}

impl<'de> Deserialize<'de> for Json<'de> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    deserializer.deserialize_any(JsonVisitor)
  }
}

/// An object key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
  fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
    struct KeyVisitor;
    impl<'de> Visitor<'de> for KeyVisitor {
      type Value = Key<'de>;
      fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
      }
      fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Borrowed(v)))
      }
      fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v.to_owned())))
      }
      fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Key(Cow::Owned(v)))
      }
    }
    deserializer.deserialize_str(KeyVisitor)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn numbers_are_javascript_numbers() {
    let Some(Json::Arr(items)) = Json::parse("[-0, 9007199254740993, 0.1, -5]") else {
      panic!("not parsed")
    };
    let values: Vec<f64> = items
      .iter()
      .map(|item| match item {
        Json::Num(n) => *n,
        _ => panic!("not a number"),
      })
      .collect();
    assert!(values[0] == 0.0 && values[0].is_sign_negative());
    assert_eq!(values[1], 9007199254740992.0);
    assert_eq!(values[2], 0.1);
    assert_eq!(values[3], -5.0);
  }

  #[test]
  fn leaves_numbers_beyond_f64_to_javascript() {
    // JSON.parse gives Infinity; serde_json refuses, and the record goes to the JavaScript decoder.
    assert!(Json::parse("[1e400]").is_none());
  }

  #[test]
  fn refuses_what_json_parse_refuses() {
    for text in [
      "{\"a\":1,}",
      "[1 2]",
      "{'a':1}",
      "NaN",
      "\u{feff}{}",
      "{} x",
      "\"\t\"",
    ] {
      assert!(Json::parse(text).is_none(), "{text}");
    }
  }

  #[test]
  fn last_duplicate_key_wins() {
    let value = Json::parse(r#"{"a":1,"a":"two"}"#).unwrap();
    assert!(matches!(value.get("a"), Some(Json::Str(s)) if s == "two"));
  }
}
