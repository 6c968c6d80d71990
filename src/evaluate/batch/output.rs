//! Writing result rows, as JSON Lines or CSV, into a chunk's byte buffer. Hand-written rather
//! than through serde: a row is a few fixed fields, and node ids are escaped once per flow.

use super::compiled::{CompiledFlow, Outcome};
use super::record::{Id, Status};
use super::summary::Label;

/// How rows are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    Jsonl,
    Csv,
}

/// What the rows hold besides the record number, status and result.
#[derive(Clone, Copy, Debug)]
pub struct Columns {
    pub format: OutputFormat,
    pub id: bool,
    pub path: bool,
}

impl Columns {
    /// The CSV header row of the results (JSON Lines has none).
    #[must_use]
    pub fn header(&self) -> Vec<u8> {
        match self.format {
            OutputFormat::Jsonl => Vec::new(),
            OutputFormat::Csv => {
                let mut h = String::from("record");
                if self.id {
                    h.push_str(",id");
                }
                h.push_str(",status,result,error");
                if self.path {
                    h.push_str(",path");
                }
                h.push('\n');
                h.into_bytes()
            }
        }
    }

    /// The CSV header of the changed records of `--compare`.
    #[must_use]
    pub fn changed_header(&self) -> Vec<u8> {
        match self.format {
            OutputFormat::Jsonl => Vec::new(),
            OutputFormat::Csv if self.id => b"record,id,old,new\n".to_vec(),
            OutputFormat::Csv => b"record,old,new\n".to_vec(),
        }
    }

    /// One result row.
    pub fn row(
        &self,
        out: &mut Vec<u8>,
        flow: &CompiledFlow,
        record: u64,
        id: &Id,
        status: &Status,
        path: &[u32],
    ) {
        match self.format {
            OutputFormat::Jsonl => self.json_row(out, flow, record, id, status, path),
            OutputFormat::Csv => self.csv_row(out, flow, record, id, status, path),
        }
    }

    /// [`Columns::row`] as a JSON object on one line.
    fn json_row(
        &self,
        out: &mut Vec<u8>,
        flow: &CompiledFlow,
        record: u64,
        id: &Id,
        status: &Status,
        path: &[u32],
    ) {
        out.extend_from_slice(b"{\"record\":");
        out.extend_from_slice(itoa::Buffer::new().format(record).as_bytes());
        if self.id {
            out.extend_from_slice(b",\"id\":");
            json_id(out, id);
        }
        match status {
            Status::Walked(Outcome::Verdict(v)) => {
                out.extend_from_slice(b",\"status\":\"verdict\",\"verdict\":");
                out.extend_from_slice(flow.json_id(*v).as_bytes());
            }
            Status::Walked(Outcome::NeedsAnswer(q)) => {
                out.extend_from_slice(b",\"status\":\"needs_answer\",\"needs\":");
                out.extend_from_slice(flow.json_id(*q).as_bytes());
            }
            Status::Error(e) => {
                out.extend_from_slice(b",\"status\":\"error\",\"code\":\"");
                out.extend_from_slice(e.code.as_str().as_bytes());
                out.extend_from_slice(b"\",\"error\":");
                json_string(out, &e.message);
            }
        }
        if self.path && matches!(status, Status::Walked(_)) {
            out.extend_from_slice(b",\"path\":[");
            for (i, &node) in path.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(flow.json_id(node).as_bytes());
            }
            out.push(b']');
        }
        out.extend_from_slice(b"}\n");
    }

    /// [`Columns::row`] as a CSV record.
    fn csv_row(
        &self,
        out: &mut Vec<u8>,
        flow: &CompiledFlow,
        record: u64,
        id: &Id,
        status: &Status,
        path: &[u32],
    ) {
        out.extend_from_slice(itoa::Buffer::new().format(record).as_bytes());
        if self.id {
            out.push(b',');
            csv_field(out, &id.text);
        }
        match status {
            Status::Walked(Outcome::Verdict(v)) => {
                out.extend_from_slice(b",verdict,");
                csv_field(out, flow.id(*v));
                out.push(b',');
            }
            Status::Walked(Outcome::NeedsAnswer(q)) => {
                out.extend_from_slice(b",needs_answer,");
                csv_field(out, flow.id(*q));
                out.push(b',');
            }
            Status::Error(e) => {
                out.extend_from_slice(b",error,");
                out.extend_from_slice(e.code.as_str().as_bytes());
                out.push(b',');
                csv_field(out, &e.message);
            }
        }
        if self.path {
            out.push(b',');
            if matches!(status, Status::Walked(_)) {
                let joined: Vec<&str> = path.iter().map(|&p| flow.id(p)).collect();
                csv_field(out, &joined.join(">"));
            }
        }
        out.push(b'\n');
    }

    /// One changed record of `--compare`: its number, id, and old and new outcome.
    #[allow(clippy::too_many_arguments)]
    pub fn changed_row(
        &self,
        out: &mut Vec<u8>,
        record: u64,
        id: &Id,
        old: Label,
        old_flow: &CompiledFlow,
        new: Label,
        new_flow: &CompiledFlow,
    ) {
        let mut n = itoa::Buffer::new();
        let (old, new) = (old.name(old_flow), new.name(new_flow));
        match self.format {
            OutputFormat::Jsonl => {
                out.extend_from_slice(b"{\"record\":");
                out.extend_from_slice(n.format(record).as_bytes());
                if self.id {
                    out.extend_from_slice(b",\"id\":");
                    json_id(out, id);
                }
                out.extend_from_slice(b",\"old\":");
                json_string(out, &old);
                out.extend_from_slice(b",\"new\":");
                json_string(out, &new);
                out.extend_from_slice(b"}\n");
            }
            OutputFormat::Csv => {
                out.extend_from_slice(n.format(record).as_bytes());
                if self.id {
                    out.push(b',');
                    csv_field(out, &id.text);
                }
                out.push(b',');
                csv_field(out, &old);
                out.push(b',');
                csv_field(out, &new);
                out.push(b'\n');
            }
        }
    }
}

fn json_id(out: &mut Vec<u8>, id: &Id) {
    if id.present {
        json_string(out, &id.text);
    } else {
        out.extend_from_slice(b"null");
    }
}

/// A JSON string literal, quotes included.
pub fn json_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xf)]);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// A CSV field, quoted when it holds a comma, a quote, a line break or edge space.
pub fn csv_field(out: &mut Vec<u8>, s: &str) {
    let needs_quotes = s.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        || s.starts_with(' ')
        || s.ends_with(' ');
    if !needs_quotes {
        out.extend_from_slice(s.as_bytes());
        return;
    }
    out.push(b'"');
    for b in s.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_escape_like_serde_json() {
        for s in ["plain", "a \"q\" \\ b", "line\nbreak\ttab\u{1}", "ünï"] {
            let mut out = Vec::new();
            json_string(&mut out, s);
            let back: String = serde_json::from_slice(&out).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn csv_fields_read_back() {
        let mut out = Vec::new();
        for (i, s) in ["a", "b,c", "d\"e", " f", "g\nh"].iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            csv_field(&mut out, s);
        }
        out.push(b'\n');
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&out[..]);
        let row = r.records().next().unwrap().unwrap();
        assert_eq!(
            row.iter().collect::<Vec<_>>(),
            ["a", "b,c", "d\"e", " f", "g\nh"]
        );
    }
}
