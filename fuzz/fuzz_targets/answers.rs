//! The answer-file readers: the first byte picks JSON, YAML or TOML, the rest is the file.
#![no_main]

use flowrun::evaluate::answers::{Format, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = [Format::Json, Format::Yaml, Format::Toml][usize::from(pick % 3)];
    let Ok(source) = flowrun::input::from_bytes("fuzz.answers".to_owned(), rest.to_vec()) else {
        return;
    };
    let _ = parse(&source, format);
});
