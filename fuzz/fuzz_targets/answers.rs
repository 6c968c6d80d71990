//! The answer-file readers: the first byte picks JSON, YAML or TOML, the rest is the file.
//!
//! When the first byte is 3 or more below a multiple of 16, the file is also read deeply nested
//! and on one long line: behind 100,000 `[` (or `{"a":` for odd bytes) and 66,000 spaces. Every
//! error is drawn as the CLI draws it, which must not panic.
#![no_main]

use flowrun::evaluate::answers::{Format, parse};
use libfuzzer_sys::fuzz_target;
use miette::{GraphicalReportHandler, GraphicalTheme};

fn read(bytes: Vec<u8>, format: Format) {
    let Ok(source) = flowrun::input::from_bytes("fuzz.answers".to_owned(), bytes) else {
        return;
    };
    if let Err(d) = parse(&source, format) {
        let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor());
        let mut out = String::new();
        handler
            .render_report(&mut out, &d.drawable())
            .expect("a diagnostic renders");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = [Format::Json, Format::Yaml, Format::Toml][usize::from(pick % 3)];
    read(rest.to_vec(), format);
    if pick % 16 >= 13 {
        let opener: &[u8] = if pick % 2 == 0 { b"[" } else { b"{\"a\":" };
        let mut deep = opener.repeat(100_000);
        deep.resize(deep.len() + 66_000, b' ');
        deep.extend_from_slice(rest);
        read(deep, format);
    }
});
