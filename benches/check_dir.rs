//! `flowrun check DIR` on a directory of 1,000 generated flows, through the real binary: wall
//! time, best of 3, on all cores and (with `taskset`, when present) on one core, and in the
//! `short` and `sarif` formats (see BENCHMARKS.md, "Checking a directory").
//!
//! ```text
//! cargo bench --bench check_dir
//! ```
//!
//! The flows come from `benches/flowgen` (chain, fan and dag in turn, 30, 100 and 300 nodes in
//! turn); every tenth has a `style` line for a node that does not exist, so the report has a
//! warning to print for it (exit code still 0). Measured, never asserted. Under `cargo test
//! --all-targets` (no `--bench` argument) it is a smoke run: 24 flows, one run.

#[path = "flowgen/mod.rs"]
#[allow(dead_code)] // `FlowShape::from_name` serves the other users of the generator.
mod flowgen;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use flowgen::FlowShape;

const FLOWS: usize = 1_000;
const SIZES: [usize; 3] = [30, 100, 300];
const RUNS: usize = 3;

fn main() {
    let smoke = !std::env::args().any(|a| a == "--bench");
    let (flows, runs) = if smoke { (24, 1) } else { (FLOWS, RUNS) };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let (bytes, nodes) = generate(dir.path(), flows);
    let exe = env!("CARGO_BIN_EXE_flowrun");
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!(
        "## flowrun check DIR: {flows} flows, {nodes} nodes, {:.1} MB, {build} build, best of {runs}\n",
        bytes as f64 / 1e6
    );
    println!(
        "machine: {} logical CPUs\n",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("| cores | format | best | per flow |");
    println!("|---|---|---:|---:|");
    let one_core = Command::new("taskset")
        .args(["-c", "0", "true"])
        .status()
        .is_ok_and(|s| s.success());
    for format in ["short", "sarif"] {
        for cores in ["all", "1"] {
            if cores == "1" && !one_core {
                println!("| 1 | {format} | (no taskset) | |");
                continue;
            }
            let best = (0..runs)
                .map(|_| time_check(exe, dir.path(), format, cores == "1"))
                .min()
                .expect("at least one run");
            println!(
                "| {cores} | {format} | {:.0} ms | {:.0} µs |",
                best.as_secs_f64() * 1e3,
                best.as_secs_f64() * 1e6 / flows as f64
            );
        }
    }
}

/// Writes the flows; returns their total size in bytes and their number of nodes (as asked).
fn generate(dir: &Path, flows: usize) -> (usize, usize) {
    let (mut bytes, mut nodes) = (0, 0);
    for i in 0..flows {
        let shape = FlowShape::ALL[i % FlowShape::ALL.len()];
        let size = SIZES[(i / FlowShape::ALL.len()) % SIZES.len()];
        let mut text = flowgen::generate(shape, size);
        if i % 10 == 0 {
            text.push_str("    style nobody fill:#f00\n");
        }
        // A few levels of directories, as a repository of flows would have.
        let path = dir.join(format!("team{}/{}/flow{i:04}.flow", i % 7, shape.name()));
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(&path, &text).expect("a flow file");
        bytes += text.len();
        nodes += size;
    }
    (bytes, nodes)
}

fn time_check(exe: &str, dir: &Path, format: &str, one_core: bool) -> Duration {
    let mut cmd = if one_core {
        let mut cmd = Command::new("taskset");
        cmd.args(["-c", "0", exe]);
        cmd
    } else {
        Command::new(exe)
    };
    cmd.arg("check")
        .arg(dir)
        .args(["--format", format])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let status = cmd.status().expect("flowrun runs");
    let elapsed = start.elapsed();
    assert_eq!(status.code(), Some(0), "warnings only: exit 0");
    elapsed
}
