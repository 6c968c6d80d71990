//! Reading test files (`X.tests.toml`, `X.tests.yaml`): the first byte picks the format.
#![no_main]

use flowrun::analyses::flow_tests::file::{Format, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = if pick % 2 == 0 {
        Format::Toml
    } else {
        Format::Yaml
    };
    let Ok(source) = flowrun::input::from_bytes("fuzz.tests".to_owned(), rest.to_vec()) else {
        return;
    };
    let _ = parse(&source, format);
});
