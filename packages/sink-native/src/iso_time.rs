//! `Date.parse` for the ISO 8601 forms zod's `z.iso.datetime()` and `z.iso.date()` accept:
//! `YYYY-MM-DDTHH:mm:ss[.f…](Z|±HH:mm)` and `YYYY-MM-DD` (UTC). V8 keeps the first three fraction
//! digits and drops the rest. Any other text gives `None`, and the record is decoded by JavaScript,
//! whose `Date.parse` also reads other forms.

const DAY_MS: i64 = 86_400_000;

fn digits(bytes: &[u8], from: usize, count: usize) -> Option<i64> {
  let slice = bytes.get(from..from + count)?;
  let mut value = 0i64;
  for &b in slice {
    if !b.is_ascii_digit() {
      return None;
    }
    value = value * 10 + i64::from(b - b'0');
  }
  Some(value)
}

fn is_leap(year: i64) -> bool {
  (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
  match month {
    1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
    4 | 6 | 9 | 11 => 30,
    _ => {
      if is_leap(year) {
        29
      } else {
        28
      }
    }
  }
}

/// Days from 1970-01-01 to the civil date (proleptic Gregorian).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
  let y = if month <= 2 { year - 1 } else { year };
  let era = y.div_euclid(400);
  let yoe = y - era * 400;
  let mp = (month + 9) % 12;
  let doy = (153 * mp + 2) / 5 + day - 1;
  let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  era * 146_097 + doe - 719_468
}

fn date_part(bytes: &[u8]) -> Option<i64> {
  let year = digits(bytes, 0, 4)?;
  if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
    return None;
  }
  let month = digits(bytes, 5, 2)?;
  let day = digits(bytes, 8, 2)?;
  if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
    return None;
  }
  Some(days_from_civil(year, month, day))
}

/// Milliseconds since the epoch of `YYYY-MM-DD` (UTC midnight).
pub fn parse_date(text: &str) -> Option<f64> {
  let bytes = text.as_bytes();
  if bytes.len() != 10 {
    return None;
  }
  Some((date_part(bytes)? * DAY_MS) as f64)
}

/// Milliseconds since the epoch of a date-time with seconds and an offset.
pub fn parse_datetime(text: &str) -> Option<f64> {
  let bytes = text.as_bytes();
  let days = date_part(bytes)?;
  if bytes.get(10) != Some(&b'T') || bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':') {
    return None;
  }
  let (hour, minute, second) = (
    digits(bytes, 11, 2)?,
    digits(bytes, 14, 2)?,
    digits(bytes, 17, 2)?,
  );
  if hour > 23 || minute > 59 || second > 59 {
    return None;
  }
  let mut at = 19;
  let mut millis = 0i64;
  if bytes.get(at) == Some(&b'.') {
    at += 1;
    let start = at;
    while bytes.get(at).is_some_and(u8::is_ascii_digit) {
      if at - start < 3 {
        millis = millis * 10 + i64::from(bytes[at] - b'0');
      }
      at += 1;
    }
    let count = at - start;
    if count == 0 {
      return None;
    }
    for _ in count..3 {
      millis *= 10;
    }
  }
  let offset_minutes = match bytes.get(at) {
    Some(b'Z') if bytes.len() == at + 1 => 0,
    Some(&sign @ (b'+' | b'-')) if bytes.len() == at + 6 && bytes[at + 3] == b':' => {
      let (oh, om) = (digits(bytes, at + 1, 2)?, digits(bytes, at + 4, 2)?);
      if oh > 23 || om > 59 {
        return None;
      }
      let minutes = oh * 60 + om;
      if sign == b'+' {
        minutes
      } else {
        -minutes
      }
    }
    _ => return None,
  };
  let ms = days * DAY_MS + ((hour * 60 + minute - offset_minutes) * 60 + second) * 1000 + millis;
  Some(ms as f64)
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn same_as_v8_date_parse() {
    // Values printed by `Date.parse` in Node 24.
    let cases = [
      ("2026-11-23T04:30:00Z", 1795408200000.0),
      ("2026-11-23T04:30:00.1Z", 1795408200100.0),
      ("2026-11-23T04:30:00.1239Z", 1795408200123.0),
      ("2026-11-23T04:30:00.9999999Z", 1795408200999.0),
      ("2026-11-23T04:30:00+05:30", 1795388400000.0),
      ("2026-11-23T04:30:00.5-01:00", 1795411800500.0),
      ("0000-01-01T00:00:00Z", -62167219200000.0),
      ("2024-02-29T23:59:59.999+23:59", 1709164859999.0),
      ("9999-12-31T23:59:59.9999Z", 253402300799999.0),
    ];
    for (text, expected) in cases {
      assert_eq!(parse_datetime(text), Some(expected), "{text}");
    }
    assert_eq!(parse_date("2026-11-23"), Some(1795392000000.0));
    assert_eq!(parse_date("0001-01-01"), Some(-62135596800000.0));
  }

  #[test]
  fn leaves_other_forms_to_javascript() {
    for text in [
      "2026-11-23T04:30Z",
      "2026-11-23T24:00:00Z",
      "2026-02-30T00:00:00Z",
      "2026-11-23t04:30:00z",
      "2026-11-23T04:30:00+0530",
      "2026-11-23T04:30:00.Z",
    ] {
      assert_eq!(parse_datetime(text), None, "{text}");
    }
  }
}
