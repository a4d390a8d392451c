//! The `kallelse` command: parses arguments and hands over to the library.

fn main() -> std::process::ExitCode {
    kallelse::cli::main()
}
