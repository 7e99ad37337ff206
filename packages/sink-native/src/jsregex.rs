//! JavaScript regular expressions (as zod holds them) in the syntax of Rust's `regex` crate, with
//! JavaScript's meaning: `\d`, `\w`, `\s` and `.` name the same characters as in JavaScript, which
//! are not Unicode-wide as in Rust. Anything whose meaning could differ (backreferences, lookaround,
//! word boundaries, the `u`/`v`/`g`/`y` flags, octal and control escapes) is refused, and a topic
//! with such a pattern is decoded by the JavaScript path. Inputs with characters outside the Basic
//! Multilingual Plane are not matched here (JavaScript matches UTF-16 code units): see
//! `JsRegex::is_match`.

use regex::Regex;

/// JavaScript's `\s`: WhiteSpace and LineTerminator.
const JS_SPACE: &str =
  r"\t\n\x0B\x0C\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";

/// What Rust's regex syntax lets (and needs to) be escaped to stand for itself.
const RUST_META: &str = r"\.+*?()|[]{}^$#&-~";

pub struct JsRegex {
  regex: Regex,
  ascii_case_only: bool,
}

pub enum Matched {
  Yes,
  No,
  /// The input has characters this translation does not match like JavaScript would.
  Unsure,
}

impl JsRegex {
  pub fn new(source: &str, flags: &str) -> Result<JsRegex, String> {
    let mut prefix = String::new();
    let mut ignore_case = false;
    for flag in flags.chars() {
      match flag {
        'i' => {
          prefix.push_str("(?i)");
          ignore_case = true;
        }
        'm' => prefix.push_str("(?m)"),
        's' => prefix.push_str("(?s)"),
        'd' => {}
        other => {
          return Err(format!(
            "regular expression flag '{other}' is not supported natively"
          ))
        }
      }
    }
    let dot_all = flags.contains('s');
    let translated = translate(source, dot_all)?;
    let regex = Regex::new(&format!("{prefix}{translated}")).map_err(|error| error.to_string())?;
    Ok(JsRegex {
      regex,
      ascii_case_only: ignore_case,
    })
  }

  pub fn is_match(&self, input: &str) -> Matched {
    // Outside the BMP JavaScript sees two code units; case-insensitive matching folds non-ASCII
    // letters differently (JavaScript uses toUpperCase, Rust simple case folding).
    if input.chars().any(|c| c as u32 > 0xFFFF) || (self.ascii_case_only && !input.is_ascii()) {
      return Matched::Unsure;
    }
    if self.regex.is_match(input) {
      Matched::Yes
    } else {
      Matched::No
    }
  }
}

fn translate(source: &str, dot_all: bool) -> Result<String, String> {
  let chars: Vec<char> = source.chars().collect();
  let mut out = String::with_capacity(source.len() * 2);
  let mut index = 0;
  let mut in_class = false;
  while index < chars.len() {
    let c = chars[index];
    match c {
      '\\' => {
        let next = *chars.get(index + 1).ok_or("a trailing backslash")?;
        index += 2;
        match next {
          'd' => out.push_str("[0-9]"),
          'D' => out.push_str("[^0-9]"),
          'w' => out.push_str("[0-9A-Za-z_]"),
          'W' => out.push_str("[^0-9A-Za-z_]"),
          's' => out.push_str(&format!("[{JS_SPACE}]")),
          'S' => out.push_str(&format!("[^{JS_SPACE}]")),
          't' | 'n' | 'r' | 'f' | 'v' => out.push_str(&format!("\\{next}")),
          '0' if !chars.get(index).is_some_and(|c| c.is_ascii_digit()) => out.push_str(r"\x00"),
          'x' => {
            let hex: String = chars
              .get(index..index + 2)
              .ok_or("a short \\x escape")?
              .iter()
              .collect();
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
              return Err("a \\x escape without two hex digits".into());
            }
            out.push_str(&format!("\\x{{{hex}}}"));
            index += 2;
          }
          'u' => {
            let hex: String = chars
              .get(index..index + 4)
              .ok_or("a short \\u escape")?
              .iter()
              .collect();
            if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
              return Err("a \\u escape without four hex digits".into());
            }
            out.push_str(&format!("\\x{{{hex}}}"));
            index += 4;
          }
          'b' if in_class => out.push_str(r"\x08"),
          // An escaped punctuation mark is itself; Rust only lets its own meta characters be escaped
          // (and reads `\<`, `\>` as word boundaries).
          c if RUST_META.contains(c) => {
            out.push('\\');
            out.push(c);
          }
          c if c.is_ascii_punctuation() => out.push(c),
          other => return Err(format!("the escape \\{other} is not supported natively")),
        }
        continue;
      }
      '[' if !in_class => {
        in_class = true;
        out.push('[');
        if chars.get(index + 1) == Some(&'^') {
          out.push('^');
          index += 1;
        }
        // JavaScript's `[]` matches nothing and `[^]` everything; Rust reads `]` first as a literal.
        if chars.get(index + 1) == Some(&']') {
          return Err("an empty character class".into());
        }
      }
      '[' => out.push_str(r"\["),
      ']' if in_class => {
        in_class = false;
        out.push(']');
      }
      // Rust gives `&&`, `--` and `~~` inside classes a meaning (set operations); JavaScript does not.
      '&' | '-' | '~' if in_class && chars.get(index + 1) == Some(&c) => {
        out.push('\\');
        out.push(c);
      }
      '.' if !in_class && !dot_all => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
      '(' if !in_class => {
        if chars.get(index + 1) == Some(&'?') {
          match chars.get(index + 2) {
            Some(':') => {}
            _ => return Err("lookaround and named groups are not supported natively".into()),
          }
        }
        out.push('(');
      }
      '{' if !in_class => {
        // A quantifier must be complete in Rust; JavaScript (Annex B) reads a stray brace literally.
        let rest: String = chars[index..].iter().collect();
        let closes = rest.find('}').map(|end| &rest[1..end]);
        let quantifier = closes.is_some_and(|body| {
          !body.is_empty()
            && body.split(',').count() <= 2
            && body
              .split(',')
              .next()
              .is_some_and(|min| !min.is_empty() && min.chars().all(|c| c.is_ascii_digit()))
            && body.chars().all(|c| c.is_ascii_digit() || c == ',')
        });
        if !quantifier {
          return Err("a literal '{' is not supported natively".into());
        }
        out.push('{');
      }
      _ => out.push(c),
    }
    index += 1;
  }
  if in_class {
    return Err("an unterminated character class".into());
  }
  Ok(out)
}

#[cfg(test)]
mod tests {
  use super::*;

  fn matches(source: &str, input: &str) -> bool {
    matches!(JsRegex::new(source, "").unwrap().is_match(input), Matched::Yes)
  }

  #[test]
  fn digits_are_ascii_only() {
    assert!(matches(r"^\d{2}$", "12"));
    assert!(!matches(r"^\d{2}$", "١٢"));
  }

  #[test]
  fn zod_datetime_pattern() {
    let source = r"^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$";
    assert!(matches(source, "2026-11-23T04:30:00Z"));
    assert!(matches(source, "2024-02-29T23:59:59.123456+05:30"));
    assert!(!matches(source, "2023-02-29T00:00:00Z"));
    assert!(!matches(source, "2026-11-23T04:30Z"));
  }

  #[test]
  fn refuses_what_could_differ() {
    assert!(JsRegex::new(r"(a)\1", "").is_err());
    assert!(JsRegex::new(r"a(?=b)", "").is_err());
    assert!(JsRegex::new(r"\bword", "").is_err());
    assert!(JsRegex::new(r"a", "u").is_err());
    assert!(JsRegex::new(r"a{", "").is_err());
  }

  #[test]
  fn dot_and_space_mean_what_they_mean_in_javascript() {
    assert!(!matches(r"^.$", "\u{2028}"));
    assert!(matches(r"^\s$", "\u{FEFF}"));
    assert!(!matches(r"^\s$", "\u{85}"));
  }
}
