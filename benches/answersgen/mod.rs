//! Deterministic answer records for the eligibility flow (shared by `benches/batch.rs` and
//! `examples/gen_answers.rs`): the same seed gives the same bytes on every machine.
//!
//! Each record has an id and answers in the shapes real exports have: mostly `Yes`/`No`, some in
//! lower case, some booleans; about one in twenty stops before the last question (so it needs an
//! answer) and one in a thousand has an answer that is no option (an error row).

use std::io::{self, Write};

/// The output format of the generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    Jsonl,
    Csv,
}

impl Shape {
    #[allow(dead_code)] // The example reads it; the bench does not.
    pub(crate) fn from_name(name: &str) -> Option<Shape> {
        match name {
            "jsonl" => Some(Shape::Jsonl),
            "csv" => Some(Shape::Csv),
            _ => None,
        }
    }
}

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// True with probability `percent` in 100.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }
}

const QUESTIONS: [(&str, u64); 4] = [
    // (question, per mille answered Yes)
    ("us_canada", 850),
    ("outside", 200),
    ("analytics", 250),
    ("hipaa", 100),
];

/// Writes `records` records to `out`.
pub(crate) fn generate(
    out: &mut dyn Write,
    records: u64,
    shape: Shape,
    seed: u64,
) -> io::Result<()> {
    let mut rng = Rng(seed);
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    if shape == Shape::Csv {
        out.write_all(b"id,us_canada,outside,analytics,hipaa\n")?;
    }
    let mut answers: [Option<&str>; 4] = [None; 4];
    for i in 1..=records {
        // How many questions are answered: all, or (1 in 20) stop early.
        let answered = if rng.chance(50) {
            (rng.next() % 4) as usize
        } else {
            4
        };
        for (k, (_, yes)) in QUESTIONS.iter().enumerate() {
            answers[k] = (k < answered).then(|| {
                let is_yes = rng.chance(*yes);
                match (is_yes, rng.next() % 10) {
                    (_, 0) if rng.chance(1) => "maybe",
                    (true, 0) => "yes",
                    (false, 0) => "no",
                    (true, 1) => "true",
                    (false, 1) => "false",
                    (true, _) => "Yes",
                    (false, _) => "No",
                }
            });
        }
        match shape {
            Shape::Jsonl => {
                write!(out, "{{\"id\": \"c{i:08}\"")?;
                for (k, (q, _)) in QUESTIONS.iter().enumerate() {
                    match answers[k] {
                        // Booleans as JSON booleans, the way a typed export writes them.
                        Some(a @ ("true" | "false")) => write!(out, ", \"{q}\": {a}")?,
                        Some(a) => write!(out, ", \"{q}\": \"{a}\"")?,
                        None => {}
                    }
                }
                out.write_all(b"}\n")?;
            }
            Shape::Csv => {
                write!(out, "c{i:08}")?;
                for a in answers {
                    write!(out, ",{}", a.unwrap_or(""))?;
                }
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()
}
