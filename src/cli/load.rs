//! How every verb loads a flow: read within the limits, analysed with the settings of its
//! nearest `flowrun.toml`, and refused the same way, so that `check`, `run`, `test`, `paths`,
//! `diff`, `render`, `batch` and `ask` agree on what is wrong with a flow (`fmt`, which never
//! builds the graph, applies the same limits while it formats).

use std::path::Path;
use std::sync::Arc;

use crate::input::ReadError;
use crate::{Analysis, Diagnostic, SettingsFinder, SourceFile, ValidFlow};

use super::Exit;

/// Why a verb cannot go on with a flow: the exit code and the diagnostics to show.
pub(crate) type Refusal = (Exit, Vec<Diagnostic>);

/// Reads and analyses the flow at `path` (`-` is standard input). A file that cannot be read is
/// an input error (2), one that is not UTF-8 a flow error (1); problems in the `flowrun.toml`
/// that applies are input errors too, since the flow would be judged by rules nobody set.
pub(crate) fn analysis(settings: &mut SettingsFinder, path: &str) -> Result<Analysis, Refusal> {
    let flow_settings = settings.for_flow(Path::new(path));
    config_problems(settings)?;
    crate::load(path, &flow_settings).map_err(refusal)
}

/// Analyses a text read some other way (a flow as of a git revision) with the settings of the
/// file at `path`.
pub(crate) fn analysis_of(
    settings: &mut SettingsFinder,
    path: &str,
    source: &Arc<SourceFile>,
) -> Result<Analysis, Refusal> {
    let flow_settings = settings.for_flow(Path::new(path));
    config_problems(settings)?;
    Ok(crate::analyze(source, &flow_settings))
}

/// The flow at `path` when it is valid, with its warnings; else its diagnostics and exit 1.
pub(crate) fn valid_flow(
    settings: &mut SettingsFinder,
    path: &str,
) -> Result<(ValidFlow, Vec<Diagnostic>), Refusal> {
    valid(analysis(settings, path)?)
}

/// The valid flow of an analysis, with its warnings; else its diagnostics and exit 1.
pub(crate) fn valid(analysis: Analysis) -> Result<(ValidFlow, Vec<Diagnostic>), Refusal> {
    if analysis.has_errors() {
        return Err((Exit::FlowErrors, analysis.diagnostics));
    }
    let warnings = analysis.diagnostics.clone();
    // A flow without errors validated; should that ever not hold, its diagnostics are reported
    // rather than a panic.
    match analysis.into_valid() {
        Some(flow) => Ok((flow, warnings)),
        None => Err((Exit::FlowErrors, warnings)),
    }
}

/// The exit code and diagnostic for a file that could not be read.
pub(crate) fn refusal(error: ReadError) -> Refusal {
    match error {
        ReadError::Io(d) => (Exit::Input, vec![d]),
        ReadError::NotUtf8(d) => (Exit::FlowErrors, vec![d]),
    }
}

fn config_problems(settings: &mut SettingsFinder) -> Result<(), Refusal> {
    let problems = settings.take_problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err((Exit::Input, problems))
    }
}
