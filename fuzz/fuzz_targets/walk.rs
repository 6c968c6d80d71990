//! A walk over a fuzzed flow with fuzzed answers. The input is the flow, a NUL byte, a byte
//! picking the answers' format (JSON, YAML, TOML) and the answers file.
#![no_main]

use flowrun::evaluate::answers::Format;
use flowrun::evaluate::walk::Outcome;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == 0) else {
        return;
    };
    let (flow_bytes, rest) = (&data[..split], &data[split + 1..]);
    let Some((&pick, answer_bytes)) = rest.split_first() else {
        return;
    };
    let format = [Format::Json, Format::Yaml, Format::Toml][usize::from(pick % 3)];
    let Ok(source) = flowrun::input::from_bytes("fuzz.flow".to_owned(), flow_bytes.to_vec()) else {
        return;
    };
    let Some(flow) = flowrun::analyze(&source, &flowrun::Settings::default()).into_valid() else {
        return;
    };
    let Ok(answers_source) =
        flowrun::input::from_bytes("fuzz.answers".to_owned(), answer_bytes.to_vec())
    else {
        return;
    };
    let Ok(answers) = flowrun::evaluate::answers::parse(&answers_source, format) else {
        return;
    };
    let Ok((resolved, _warnings)) = flowrun::evaluate::walk::resolve(&flow, &answers) else {
        return;
    };
    let walk = flowrun::evaluate::walk::walk(&flow, &resolved);
    // The route starts at the start, follows edges, and ends where the outcome says.
    assert_eq!(walk.path.first().map(|s| s.node), Some(flow.start()));
    for pair in walk.path.windows(2) {
        assert!(flow.graph.find_edge(pair[0].node, pair[1].node).is_some());
    }
    let last = walk.path.last().expect("a route is never empty").node;
    match walk.outcome {
        Outcome::Verdict(v) | Outcome::NeedsAnswer(v) => assert_eq!(v, last),
    }
    let _ = flowrun::evaluate::why::hops(&flow, &walk);
    let _ = flowrun::evaluate::why::forcing(&flow, &walk);
    let _ = flowrun::output::render::dot::render_with_route(
        &flow,
        Some(&flowrun::output::render::route::Route::of_walk(&flow, &walk)),
    );
});
