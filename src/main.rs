//! The `flowrun` command: the library's command line (`flowrun::cli`), built with the `cli`
//! feature.

fn main() -> std::process::ExitCode {
    flowrun::cli::main()
}
