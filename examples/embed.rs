//! Embedding flowrun in a Rust program: load a flow with its settings, report its problems,
//! compile it once and decide, one set of answers or many at a time.
//! Run it with `cargo run --example embed`.

use std::io::Write;

use flowrun::{Decider, Ending, Settings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run(&mut std::io::stdout().lock())
}

pub(crate) fn run(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    // The defaults: no flowrun.toml, the standard limits. `SettingsFinder` finds the nearest
    // flowrun.toml for each flow, as the command line does.
    let settings = Settings::default();
    let analysis = flowrun::load("flows/eligibility.flow", &settings)?;
    for problem in &analysis.diagnostics {
        writeln!(out, "{}: {}", problem.code.as_str(), problem.message)?;
    }
    let flow = analysis.into_valid().ok_or("the flow has errors")?;

    // Compiled once; `decide` can then be called from any thread.
    let decider = Decider::new(flow);
    let decision = decider.decide([("us_canada", "Yes"), ("outside", "Yes")])?;
    match &decision.outcome {
        Ending::Verdict { id, .. } => writeln!(out, "verdict: {id}")?,
        Ending::NeedsAnswer { id, .. } => writeln!(out, "needs an answer to: {id}")?,
    }
    writeln!(out, "route: {}", decision.route.join(" -> "))?;

    // Many at once, on every core, in order.
    let customers = vec![
        vec![("us_canada", "No")],
        vec![("us_canada", "Yes"), ("outside", "No"), ("analytics", "No")],
    ];
    for result in decider.decide_all(&customers) {
        match result?.outcome {
            Ending::Verdict { id, .. } => writeln!(out, "customer: {id}")?,
            Ending::NeedsAnswer { id, .. } => writeln!(out, "customer: needs {id}")?,
        }
    }
    Ok(())
}
