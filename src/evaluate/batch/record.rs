//! Reading one record's answers straight into a compiled flow: a JSON Lines object through a
//! serde visitor that borrows its strings (no map, no owned key or value), or a CSV row through
//! the column roles its header gave.

use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::compiled::{CompiledFlow, Key, Outcome, RecordError, Scratch};
use crate::diagnostic::{Code, Rule};

pub(crate) const MALFORMED_RECORD: Rule = Rule::new(
    Code::MalformedRecord,
    "a record of a batch input is not a map of question ids to answers",
    "\
What it checks: that every record `flowrun batch` reads can be taken as answers: a JSON Lines
record must be one JSON object on its line, in UTF-8, that answers each question at most once; a
CSV row must have as many fields as the header and be UTF-8.

Why: a record that cannot be read has no answers to walk. The record gets an error row naming
its number and the problem, and the batch goes on with the next record (unless `--fail-fast`).
Keys that name no question (an id, a timestamp) are not errors: they are ignored.

Example (record 2 is cut off, record 3 is a list):
    {\"us_canada\": \"Yes\", \"outside\": \"No\"}
    {\"us_canada\": \"Ye
    [\"Yes\", \"No\"]
Fix: write each record as a complete object on one line: `{\"us_canada\": \"Yes\"}`.",
);

/// What became of one record on one flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Walked(Outcome),
    Error(RecordError),
}

/// A record's id (`--id`), reused from record to record.
#[derive(Debug, Default)]
pub struct Id {
    pub present: bool,
    pub text: String,
}

impl Id {
    pub fn clear(&mut self) {
        self.present = false;
        self.text.clear();
    }
}

/// What a CSV column holds, from its header.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Role {
    pub question: Option<u32>,
    pub id: bool,
}

fn malformed(message: impl Into<String>) -> Status {
    Status::Error(RecordError::new(Code::MalformedRecord, message))
}

/// Evaluates one JSON Lines record (its line without the line break) on `flow`. With `id_key`
/// the value of that key is left in `id`.
pub fn eval_json(
    flow: &CompiledFlow,
    scratch: &mut Scratch,
    line: &[u8],
    id_key: Option<&str>,
    id: &mut Id,
    keep_path: bool,
) -> Status {
    id.clear();
    flow.begin(scratch);
    let text = match std::str::from_utf8(line) {
        Ok(text) => text,
        Err(e) => {
            return malformed(format!(
                "the record is not UTF-8 text (bad byte at column {})",
                e.valid_up_to() + 1
            ));
        }
    };
    if text.trim_start().as_bytes().first() != Some(&b'{') {
        return malformed(not_an_object(text));
    }
    let mut error = None;
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = RecordSeed {
        flow,
        scratch: &mut *scratch,
        id_key,
        id: &mut *id,
        error: &mut error,
    };
    if let Err(e) = seed.deserialize(&mut de).and_then(|()| de.end()) {
        return malformed(not_json(&e));
    }
    match error {
        Some(e) => Status::Error(e),
        None => walked(flow, scratch, keep_path),
    }
}

fn walked(flow: &CompiledFlow, scratch: &mut Scratch, keep_path: bool) -> Status {
    match flow.walk(scratch, keep_path) {
        Ok(outcome) => Status::Walked(outcome),
        Err(e) => Status::Error(e),
    }
}

/// A JSON syntax error as `flowrun run` words it for an answers file, for a record on one line:
/// `the record is not valid JSON: expected value at column 1`.
fn not_json(e: &serde_json::Error) -> String {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message);
    format!(
        "the record is not valid JSON: {message} at column {}",
        e.column()
    )
}

/// Why a line that does not start with `{` is no record: its JSON syntax error, or the kind of
/// JSON value it holds. Off the hot path: such a line is always an error row.
fn not_an_object(text: &str) -> String {
    let mut de = serde_json::Deserializer::from_str(text);
    match de::Deserializer::deserialize_any(&mut de, Kind).and_then(|kind| de.end().map(|()| kind))
    {
        Err(e) => not_json(&e),
        Ok(kind) => format!("the record is {kind}, not an object of question ids and answers"),
    }
}

/// The kind of a JSON value, read without keeping it.
struct Kind;

impl<'de> Visitor<'de> for Kind {
    type Value = &'static str;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<&'static str, E> {
        Ok("a string")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<&'static str, E> {
        Ok("a boolean")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<&'static str, E> {
        Ok("a number")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<&'static str, E> {
        Ok("a number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<&'static str, E> {
        Ok("a number")
    }
    fn visit_unit<E: de::Error>(self) -> Result<&'static str, E> {
        Ok("null")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<&'static str, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok("a list")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<&'static str, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok("an object")
    }
}

struct RecordSeed<'a> {
    flow: &'a CompiledFlow,
    scratch: &'a mut Scratch,
    id_key: Option<&'a str>,
    id: &'a mut Id,
    error: &'a mut Option<RecordError>,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of question ids and answers")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some((key, is_id)) = map.next_key_seed(KeySeed {
            flow: self.flow,
            id_key: self.id_key,
        })? {
            let id = if is_id { Some(&mut *self.id) } else { None };
            match key {
                Key::Question(question) => map.next_value_seed(AnswerSeed {
                    flow: self.flow,
                    scratch: &mut *self.scratch,
                    question,
                    error: &mut *self.error,
                    id,
                })?,
                Key::Ignored => match id {
                    Some(id) => map.next_value_seed(IdSeed(id))?,
                    None => {
                        map.next_value::<IgnoredAny>()?;
                    }
                },
            }
        }
        Ok(())
    }
}

/// A key, looked up without being copied: serde_json hands over a borrowed `&str`, or one
/// unescaped into its scratch buffer.
struct KeySeed<'a> {
    flow: &'a CompiledFlow,
    id_key: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = (Key, bool);
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(Key, bool), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = (Key, bool);
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a question id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(Key, bool), E> {
        Ok((self.flow.key(v), self.id_key == Some(v)))
    }
}

/// An answer, given to the compiled flow as it is read; its problem, if any, is kept in `error`
/// (the first one) so that the rest of the record is still read as JSON.
struct AnswerSeed<'a> {
    flow: &'a CompiledFlow,
    scratch: &'a mut Scratch,
    question: u32,
    error: &'a mut Option<RecordError>,
    id: Option<&'a mut Id>,
}

impl AnswerSeed<'_> {
    fn give(self, text: &str) {
        if let Some(id) = self.id {
            id.present = true;
            id.text.push_str(text);
        }
        if let Err(e) = self.flow.answer(self.scratch, self.question, text)
            && self.error.is_none()
        {
            *self.error = Some(e);
        }
    }

    fn not_a_label(self, kind: &str) {
        let invalid = self.flow.not_a_label(self.question, kind);
        if let Err(e) = self.flow.invalid(self.scratch, self.question, invalid)
            && self.error.is_none()
        {
            *self.error = Some(e);
        }
    }
}

impl<'de> DeserializeSeed<'de> for AnswerSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AnswerSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.give(v);
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.give(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.give(itoa::Buffer::new().format(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.give(itoa::Buffer::new().format(v));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        // As an answers file reads it: serde_json's own text for the number.
        match serde_json::Number::from_f64(v) {
            Some(n) => self.give(&n.to_string()),
            None => self.not_a_label("a number"),
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.not_a_label("null");
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_a_label("a list");
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.not_a_label("a map");
        Ok(())
    }
}

/// The value of the id key when it is no question: its text, whatever its JSON type.
struct IdSeed<'a>(&'a mut Id);

impl<'de> DeserializeSeed<'de> for IdSeed<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl IdSeed<'_> {
    fn set(self, text: &str) {
        self.0.present = true;
        self.0.text.push_str(text);
    }
}

impl<'de> Visitor<'de> for IdSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an id")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.set(v);
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.set(if v { "true" } else { "false" });
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.set(itoa::Buffer::new().format(v));
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.set(itoa::Buffer::new().format(v));
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        if let Some(n) = serde_json::Number::from_f64(v) {
            self.set(&n.to_string());
        }
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

/// Evaluates one CSV row (`fields` of a row with as many fields as the header). An empty or
/// blank cell is no answer.
pub fn eval_csv<'r>(
    flow: &CompiledFlow,
    scratch: &mut Scratch,
    roles: &[Role],
    fields: impl Iterator<Item = &'r [u8]>,
    id: &mut Id,
    keep_path: bool,
) -> Status {
    id.clear();
    flow.begin(scratch);
    let mut error = None;
    for (column, (role, field)) in roles.iter().zip(fields).enumerate() {
        if role.question.is_none() && !role.id {
            continue;
        }
        let Ok(text) = std::str::from_utf8(field) else {
            return malformed(format!("field {} is not UTF-8 text", column + 1));
        };
        if role.id {
            id.present = true;
            id.text.push_str(text);
        }
        if let Some(question) = role.question
            && !text.trim().is_empty()
            && let Err(e) = flow.answer(scratch, question, text)
            && error.is_none()
        {
            error = Some(e);
        }
    }
    match error {
        Some(e) => Status::Error(e),
        None => walked(flow, scratch, keep_path),
    }
}
