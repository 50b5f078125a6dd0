//! The manual: one roff page with every subcommand and every option,
//! generated from the clap definition so it cannot drift from `--help`.
//!
//! clap_mangen's own page lists subcommands as `search-index(1)` pages that
//! nobody installs; this page holds them all instead.

use std::collections::HashSet;
use std::io::{self, Write};

use clap::{Arg, Command};
use clap_mangen::roff::{bold, italic, roman, Inline, Roff};
use clap_mangen::Man;

/// Write the manual of `command` (the whole `search` command tree).
pub fn write(out: &mut impl Write, command: Command) -> io::Result<()> {
    let mut page = Vec::new();
    write_sections(&mut page, command)?;
    // Each rendered part opens with the same preamble: keep the first.
    let page = String::from_utf8_lossy(&page);
    let mut seen = HashSet::new();
    for line in page.lines() {
        let preamble = line.starts_with(".ie ") || line.starts_with(".el ");
        if preamble && !seen.insert(line.to_string()) {
            continue;
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

fn write_sections(out: &mut impl Write, command: Command) -> io::Result<()> {
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let man = Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;

    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    roff.text([roman(
        "Each command also takes the global options above (--index).",
    )]);
    for sub in command.get_subcommands_mut().filter(|s| !s.is_hide_set()) {
        let usage = sub.render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
        roff.control("SS", [usage.as_str()]);
        if let Some(about) = sub.get_long_about().or_else(|| sub.get_about()) {
            paragraphs(&mut roff, &about.to_string());
        }
        for arg in sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
        {
            roff.control("TP", []);
            roff.text(arg_header(arg));
            if let Some(help) = arg.get_long_help().or_else(|| arg.get_help()) {
                roff.text([roman(help.to_string())]);
            }
            let values: Vec<String> = arg
                .get_possible_values()
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name().to_string())
                .collect();
            if !values.is_empty() && arg.get_action().takes_values() {
                roff.text([roman(format!(" [possible values: {}]", values.join(", ")))]);
            }
        }
    }
    roff.control("SH", ["EXIT STATUS"]);
    roff.text([roman(
        "0 on success (a query that matched, even when the page asked for is empty); \
         1 when a query, facet listing or extraction matched nothing; \
         2 on error; 130 when indexing was interrupted (the finished files are committed).",
    )]);
    roff.control("SH", ["ENVIRONMENT"]);
    for (name, what) in [
        (
            "NEWSINDEX_DIR",
            "The index folder when --index is not given.",
        ),
        (
            "NO_COLOR",
            "When set to anything non-empty, matched words are marked **so** instead of bold.",
        ),
        (
            "COLUMNS",
            "Width to wrap text output to (at most 100); else the terminal's width.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
    roff.to_writer(out)
}

/// `--limit, -n <N> [default: 10]` or `<PATHS>...`.
fn arg_header(arg: &Arg) -> Vec<Inline> {
    let mut header = Vec::new();
    let values = arg
        .get_value_names()
        .map(|names| names.iter().map(|n| format!("<{n}>")).collect::<Vec<_>>())
        .unwrap_or_else(|| vec![format!("<{}>", arg.get_id().as_str().to_uppercase())]);
    if arg.is_positional() {
        header.push(italic(values.join(" ")));
        if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
            header.push(roman("..."));
        }
    } else {
        if let Some(long) = arg.get_long() {
            header.push(bold(format!("--{long}")));
        }
        if let Some(short) = arg.get_short() {
            if !header.is_empty() {
                header.push(roman(", "));
            }
            header.push(bold(format!("-{short}")));
        }
        if arg.get_action().takes_values() {
            header.push(roman(" "));
            header.push(italic(values.join(" ")));
        }
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() {
        header.push(roman(format!(" [default: {}]", defaults.join(", "))));
    }
    header
}

/// Text with blank-line paragraph breaks kept.
fn paragraphs(roff: &mut Roff, text: &str) {
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(
            paragraph.split_whitespace().collect::<Vec<_>>().join(" "),
        )]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every option of every subcommand is in the manual, in its section.
    #[test]
    fn manual_names_every_option_of_every_subcommand() {
        let mut page = Vec::new();
        write(&mut page, crate::cli::Cli::command()).unwrap();
        let page = String::from_utf8(page).unwrap().replace("\\-", "-");
        let mut command = crate::cli::Cli::command().disable_help_subcommand(true);
        command.build();
        for sub in command.get_subcommands() {
            let heading = format!(".SS \"search {}", sub.get_name());
            let start = page
                .find(&heading)
                .unwrap_or_else(|| panic!("no section for {}", sub.get_name()));
            let section = &page[start + heading.len()..];
            let section = &section[..section.find(".SS").unwrap_or(section.len())];
            for arg in sub.get_arguments().filter(|a| !a.is_global_set()) {
                let name = match arg.get_long() {
                    Some(long) => format!("--{long}"),
                    None => arg
                        .get_value_names()
                        .and_then(|n| n.first().map(|n| format!("<{n}>")))
                        .unwrap_or_else(|| arg.get_id().to_string()),
                };
                assert!(
                    section.contains(&name),
                    "search {} {name} is not in the manual",
                    sub.get_name()
                );
            }
        }
        assert!(page.contains("--index"));
        assert!(!page.contains("search-index(1)"), "no page references");
    }
}
