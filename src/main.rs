//! The `flowrun` command: parse the command line, dispatch to a verb, exit with its code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
