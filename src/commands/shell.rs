//! `tidings completions <shell>` and `tidings man`: a shell completion
//! script and a roff man page, both generated from the clap definitions in
//! [`crate::cli`] (so they never drift from the real options), written to
//! stdout. Neither reads the config.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::CommandError;
use crate::cli::Cli;

/// `tidings completions <shell>`: the completion script for `shell`, e.g.
/// `tidings completions bash > /usr/share/bash-completion/completions/tidings`.
pub fn completions(shell: Shell, out: &mut dyn Write) -> Result<(), CommandError> {
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    clap_complete::generate(shell, &mut command, name, out);
    out.flush().map_err(write_error)
}

/// `tidings man`: the `tidings(1)` man page in roff, e.g.
/// `tidings man > /usr/local/share/man/man1/tidings.1`. One page for the
/// whole command, each subcommand a section of it, as git's and cargo's
/// single-binary pages read.
pub fn man(out: &mut dyn Write) -> Result<(), CommandError> {
    let command = Cli::command();
    let page = clap_mangen::Man::new(command.clone());
    page.render_title(out).map_err(write_error)?;
    page.render_name_section(out).map_err(write_error)?;
    page.render_synopsis_section(out).map_err(write_error)?;
    page.render_description_section(out).map_err(write_error)?;
    page.render_options_section(out).map_err(write_error)?;
    render_subcommands(&command, "", out)?;
    render_exit_status(out)?;
    page.render_version_section(out).map_err(write_error)?;
    out.flush().map_err(write_error)
}

/// One `.SH` section per subcommand (nested ones named `feeds export-opml`),
/// with its synopsis, description and options.
fn render_subcommands(
    command: &clap::Command,
    prefix: &str,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("{prefix}{}", sub.get_name());
        let page = clap_mangen::Man::new(sub.clone().bin_name(format!("tidings {name}")));
        writeln!(out, ".SH \"TIDINGS {}\"", name.to_uppercase()).map_err(write_error)?;
        let mut body = Vec::new();
        page.render_synopsis_section(&mut body)
            .and_then(|()| page.render_description_section(&mut body))
            .and_then(|()| page.render_options_section(&mut body))
            .map_err(write_error)?;
        // The sections of a subcommand become sub-sections of its own.
        let body = String::from_utf8_lossy(&body).replace(".SH ", ".SS ");
        out.write_all(body.as_bytes()).map_err(write_error)?;
        render_subcommands(sub, &format!("{name} "), out)?;
    }
    Ok(())
}

/// The exit codes the binary documents (see `src/main.rs`).
fn render_exit_status(out: &mut dyn Write) -> Result<(), CommandError> {
    const CODES: &[(&str, &str)] = &[
        (
            "0",
            "The command completed; for \\fBonce\\fR, also when some feeds failed or none was due.",
        ),
        ("1", "Any other error."),
        ("2", "Bad command-line usage."),
        ("3", "The config file is missing or invalid."),
        ("4", "The database failed."),
        (
            "5",
            "\\fBonce\\fR polled feeds and every one of them failed.",
        ),
        (
            "75",
            "Another \\fBonce\\fR or \\fBrun\\fR holds the database's lock.",
        ),
    ];
    writeln!(out, ".SH \"EXIT STATUS\"").map_err(write_error)?;
    for (code, meaning) in CODES {
        writeln!(out, ".TP\n{code}\n{meaning}").map_err(write_error)?;
    }
    Ok(())
}

fn write_error(e: std::io::Error) -> CommandError {
    CommandError::Other(format!("cannot write to stdout: {e}"))
}
