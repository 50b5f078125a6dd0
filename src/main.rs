//! The `search` binary: parse arguments, call the library, print.

mod cli;
mod render;

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use newsindex::{NewsIndex, Progress, Query};

use cli::{Cli, Command, IndexArgs, QueryArgs, StatsArgs};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`search query x | head -1`) is not an error.
            if error
                .downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index(&cli.index, args),
        Command::Query(args) => query(&cli.index, args),
        Command::Stats(args) => stats(&cli.index, args),
    }
}

fn index(dir: &std::path::Path, args: IndexArgs) -> Result<ExitCode> {
    // Check the inputs before creating anything, so a mistyped path leaves no empty index behind.
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        return Err(newsindex::Error::PathNotFound(missing.clone()).into());
    }
    let index = NewsIndex::open_or_create(dir)
        .with_context(|| format!("cannot open index {}", dir.display()))?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} files · {msg}",
        )
        .expect("valid progress template"),
    );
    let report = index
        .index_paths(&args.paths, |event| match event {
            Progress::Walked { files } => bar.set_length(files as u64),
            Progress::File { done, articles, .. } => {
                bar.set_position(done as u64);
                bar.set_message(format!("{articles} articles"));
            }
            _ => {}
        })
        .context("indexing failed; the index is unchanged")?;
    bar.finish_and_clear();

    let mut err = io::stderr().lock();
    for problem in &report.problems {
        writeln!(
            err,
            "skipped: {}: {}",
            problem.path.display(),
            problem.problem
        )?;
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", render::index_summary(&report))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn query(dir: &std::path::Path, args: QueryArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let mut request = Query::new(&args.text).limit(args.limit).offset(args.offset);
    for country in &args.country {
        request = request.country(country);
    }
    for org in &args.org {
        request = request.org(org);
    }
    if let Some(usd) = args.min_amount {
        request = request.min_amount_usd(usd);
    }
    if let Some(usd) = args.max_amount {
        request = request.max_amount_usd(usd);
    }
    if args.facets {
        request = request.with_facets(args.top);
    }
    let results = index.search(&request)?;

    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &results)?;
        writeln!(out)?;
    } else {
        render::results(&mut out, &results, render::Style::for_stdout())?;
    }
    out.flush()?;
    Ok(if results.total_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn stats(dir: &std::path::Path, args: StatsArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let stats = index.stats(args.top)?;
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        render::stats(&mut out, &stats)?;
    }
    Ok(ExitCode::SUCCESS)
}
