//! The `search` binary: parse arguments, call the library, print.

mod cli;
mod man;
mod records;
mod render;

use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use newsindex::{IndexOptions, NewsIndex, Progress, Query};

use cli::{
    BatchArgs, Cli, Command, CompletionsArgs, CorrectionsArgs, CorrectionsCommand, DuplicatesArgs,
    ExportArgs, ExportFormat, ExtractArgs, FacetsArgs, IndexArgs, QueryArgs, QueryFormat, ShowArgs,
    SimilarArgs, StatsArgs,
};

fn main() -> ExitCode {
    let cli = match cli::parse_from(std::env::args_os().collect()) {
        Ok(cli) => cli,
        // Help and version go to stdout (exit 0), mistakes to stderr (exit
        // 2); a closed pipe ends quietly.
        Err(error) => match error.print() {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            _ => return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2)),
        },
    };
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            // A closed pipe (`search query x | head -1`) is not an error.
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            match advice(&error) {
                Some(advice) => {
                    let (what, detail) = in_cli_words(&error);
                    eprintln!("error: {what}; {advice}{detail}");
                }
                None => eprintln!("error: {}", one_line(&error)),
            }
            ExitCode::from(2)
        }
    }
}

/// The error and its causes on one line, each cause once: library errors
/// already quote their cause ("path: permission denied"), so printing the
/// chain as `{:#}` would repeat it.
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Whether the error is a write to a closed pipe, however it was wrapped
/// (directly, or inside serde_json's error when printing JSON).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}

/// An error the binary gives advice on, without the library's own advice
/// (which names library calls, `NewsIndex::recreate`, not commands): what
/// went wrong, then details to print after the advice (the engine's long
/// reason for a corrupt index), so the remedy is read first.
fn in_cli_words(error: &anyhow::Error) -> (String, String) {
    use newsindex::Error;
    match error.downcast_ref::<Error>() {
        Some(Error::IncompatibleIndex {
            path,
            found,
            expected,
        }) => (
            format!(
                "{}: the index has schema version {found}; this search reads schema version {expected} only",
                path.display()
            ),
            String::new(),
        ),
        Some(Error::CorruptIndex { path, reason }) => (
            format!("{}: the index is corrupted or unreadable", path.display()),
            format!(" (what was wrong: {reason})"),
        ),
        _ => (one_line(error), String::new()),
    }
}

/// What a `search` user can do about a library error: the library speaks
/// of paths and calls, the binary names its commands and flags.
fn advice(error: &anyhow::Error) -> Option<&'static str> {
    use newsindex::Error;
    Some(match error.downcast_ref::<Error>()? {
        Error::IndexNotFound(_) => "run `search index PATHS` first, or pass --index DIR",
        Error::NotAnIndex(_) => "choose another --index folder",
        Error::NotAFolder(_) => "--index takes a folder",
        Error::IncompatibleIndex { .. } | Error::CorruptIndex { .. } => {
            "rebuild it with `search index --rebuild PATHS`"
        }
        Error::ArticleNotFound(_) => {
            "name an article by its id (`search query --json`), an indexed file, or FILE#N as hits show it"
        }
        Error::PathNotFound(_) => "check the path",
        Error::NotARoot { .. } => "give one of the paths it lists, as the re-scan's warning names it",
        _ => return None,
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index(&cli.index, args),
        Command::Query(args) => query(&cli.index, args),
        Command::Stats(args) => stats(&cli.index, args),
        Command::Duplicates(args) => duplicates(&cli.index, args),
        Command::Facets(args) => facets(&cli.index, args),
        Command::Corrections(command) => corrections(&cli.index, command),
        Command::Similar(args) => similar(&cli.index, args),
        Command::Show(args) => show(&cli.index, args),
        Command::Export(args) => export(&cli.index, args),
        Command::Batch(args) => batch(&cli.index, args),
        Command::Extract(args) => extract(args),
        Command::Completions(args) => completions(args),
        Command::Man => man(),
        #[cfg(feature = "server")]
        Command::Serve(args) => serve(&cli.index, args),
    }
}

#[cfg(feature = "server")]
fn serve(dir: &std::path::Path, args: cli::ServeArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let articles = index.num_articles();
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this address can read the index; \
             --addr 127.0.0.1:7700 keeps it on this machine",
            args.addr
        );
    }
    let options = newsindex::server::ServerOptions::default();
    newsindex::server::run(index, args.addr, options, |addr| {
        let noun = if articles == 1 { "article" } else { "articles" };
        // A closed stdout must not stop the server (println! would panic).
        let _ = writeln!(
            io::stdout(),
            "serving {articles} {noun} on http://{addr}/ (Ctrl-C stops)"
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

fn index(dir: &std::path::Path, args: IndexArgs) -> Result<ExitCode> {
    if let Some(path) = &args.forget {
        let forgotten = NewsIndex::open(dir)?.forget(path)?;
        emit(args.json, &forgotten, |out| {
            writeln!(
                out,
                "forgot {}: {} articles of {} files removed",
                forgotten.path.display(),
                forgotten.articles,
                forgotten.files
            )
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    // No path: the roots the index records, each with its own options.
    let (paths, rescan) = if args.paths.is_empty() {
        paths_to_rescan(dir)?
    } else {
        (args.paths.clone(), false)
    };
    // Check the inputs before creating anything, so a mistyped path leaves no empty index behind.
    // (Recorded roots that are gone are reported by the re-scan.)
    if let Some(missing) = paths.iter().find(|p| !rescan && !p.exists()) {
        return Err(newsindex::Error::PathNotFound(missing.clone()).into());
    }
    // Read before creating anything too: a mistake in it names its line.
    let corrections = match &args.corrections {
        Some(file) => Some(newsindex::Corrections::from_file(file)?),
        None => None,
    };
    let opened =
        match NewsIndex::open_or_create(dir) {
            // --rebuild is the remedy these errors advise: honour it.
            Err(
                newsindex::Error::IncompatibleIndex { .. } | newsindex::Error::CorruptIndex { .. },
            ) if args.rebuild => NewsIndex::recreate(dir),
            other => other,
        };
    // The library's errors name the folder already.
    let index = opened?;
    if let Some(corrections) = &corrections {
        let report = index.apply_corrections(corrections)?;
        eprintln!(
            "corrections: {} is the index's own now; {} of {} indexed articles corrected",
            corrections_file_name(&index, corrections),
            report.changed,
            report.articles
        );
    } else if let Some(report) = index.apply_changed_corrections()? {
        // The index's file was edited since it was last applied: the
        // articles this run does not read are corrected too.
        eprintln!(
            "corrections: {} changed; {} of {} indexed articles corrected",
            index.corrections_path().unwrap_or_default().display(),
            report.changed,
            report.articles
        );
    }
    let bar = ProgressBar::new(0);
    // By bytes read, with a rate: one big file advances the bar too.
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({binary_bytes_per_sec}) · {msg}",
        )
        .expect("valid progress template"),
    );
    // First Ctrl-C: finish the files in hand and commit them. Second: leave
    // at once (the last commit stays intact either way).
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&cancel);
    ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .context("cannot install the Ctrl-C handler")?;
    let mut options = IndexOptions::new()
        .rebuild(args.rebuild)
        .cancel_flag(cancel)
        .hidden(args.hidden)
        .include_docs(args.include_docs)
        .date_from_mtime(args.date_from_mtime)
        .max_file_size(args.max_file_size.saturating_mul(1024 * 1024));
    for glob in &args.exclude {
        options = options.exclude(glob);
    }
    if !args.csv_column.is_empty() {
        let columns = args
            .csv_column
            .iter()
            .fold(newsindex::ingest::CsvColumns::new(), |all, one| {
                all.merge(one)
            });
        options = options.csv_columns(columns);
    }
    if let Some(threads) = args.threads {
        options = options.threads(usize::try_from(threads).unwrap_or(usize::MAX));
    }
    let files_total = std::cell::Cell::new(0usize);
    let on_progress = |event| match event {
        Progress::Walked { files } => files_total.set(files),
        Progress::Bytes { done, total } => {
            bar.set_length(total);
            bar.set_position(done);
        }
        Progress::File { done, articles, .. } => {
            bar.set_message(format!(
                "{done}/{} files · {articles} articles",
                files_total.get()
            ));
        }
        _ => {}
    };
    let report = if rescan {
        index.rescan_with(&options, on_progress)
    } else {
        index.index_paths_with(&paths, &options, on_progress)
    }
    .context("indexing failed; the index is unchanged")?;
    bar.finish_and_clear();

    let mut err = io::stderr().lock();
    for problem in &report.problems {
        let label = if problem.skipped {
            "skipped"
        } else {
            "warning"
        };
        writeln!(
            err,
            "{label}: {}: {}",
            problem.path.display(),
            problem.problem
        )?;
    }
    for moved in &report.moved {
        writeln!(
            err,
            "moved: {} is now {}: its files keep their articles",
            moved.from.display(),
            moved.to.display()
        )?;
    }
    for missing in &report.missing_roots {
        writeln!(
            err,
            "warning: {}: no longer exists; its articles are kept. If it moved, run \
             `search index NEW_PATH`; if it is gone for good, `search index --forget {}`",
            missing.display(),
            missing.display()
        )?;
    }
    emit(args.json, &report, |out| {
        writeln!(out, "{}", render::index_summary(&report))
    })?;
    if report.interrupted {
        writeln!(
            err,
            "interrupted: the files finished so far are committed; run `search index` again to finish"
        )?;
        return Ok(ExitCode::from(130));
    }
    if rescan && report.files_seen == 0 && !report.missing_roots.is_empty() {
        writeln!(
            err,
            "error: nothing re-scanned: every file and folder this index was built from is gone (see above)"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    if report.all_failed() {
        writeln!(
            err,
            "error: nothing indexed: every file given was skipped or failed (see above)"
        )?;
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// The file corrections come from, as the user named it.
fn corrections_file_name(index: &NewsIndex, corrections: &newsindex::Corrections) -> String {
    corrections
        .path()
        .map(std::path::Path::to_path_buf)
        .or_else(|| index.corrections_path())
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// `search corrections check|apply [FILE]`.
fn corrections(dir: &std::path::Path, command: CorrectionsCommand) -> Result<ExitCode> {
    let (args, apply): (&CorrectionsArgs, bool) = match &command {
        CorrectionsCommand::Check(args) => (args, false),
        CorrectionsCommand::Apply(args) => (args, true),
    };
    let index = NewsIndex::open(dir)?;
    let corrections = match &args.file {
        Some(file) => newsindex::Corrections::from_file(file)?,
        None => index.corrections()?,
    };
    let report = if apply {
        index.apply_corrections(&corrections)?
    } else {
        index.check_corrections(&corrections)?
    };
    let file = match corrections.path() {
        Some(path) => path.display().to_string(),
        None => format!(
            "no corrections ({} does not exist)",
            index.corrections_path().unwrap_or_default().display()
        ),
    };
    emit(args.json, &report, |out| {
        writeln!(out, "{}", corrections_summary(&file, &report))
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The report of `search corrections`: what changed (or would), value by
/// value, and the names no article has.
fn corrections_summary(file: &str, report: &newsindex::CorrectionReport) -> String {
    let verb = if report.applied {
        "changed"
    } else {
        "would change"
    };
    let mut text = format!(
        "{file}: {verb} {} of {} articles",
        report.changed, report.articles
    );
    for count in &report.changes {
        let c = &count.change;
        let to = match (&c.to, c.to_facet == c.facet) {
            (None, _) => "dropped".to_string(),
            (Some(to), true) => format!("-> {to:?}"),
            (Some(to), false) => format!("-> {} {to:?}", c.to_facet),
        };
        let noun = if count.articles == 1 {
            "article"
        } else {
            "articles"
        };
        text.push_str(&format!(
            "\n  {} {:?} {to}: {} {noun}",
            c.facet, c.value, count.articles
        ));
    }
    for name in &report.unmatched {
        let hint = match &name.suggestion {
            Some(value) => format!(" (the index has {value:?})"),
            None => String::new(),
        };
        text.push_str(&format!(
            "\nnote: line {}: no article has {} {:?}{hint}",
            name.line, name.facet, name.name
        ));
    }
    text
}

/// What `search index` with no path indexes: the roots the index records
/// (true: re-scan them); for the default index without any, the shipped
/// `corpus/`.
fn paths_to_rescan(dir: &std::path::Path) -> Result<(Vec<std::path::PathBuf>, bool)> {
    let default = dir == std::path::Path::new("index");
    let roots = match NewsIndex::open(dir) {
        Ok(index) => index.roots()?,
        Err(newsindex::Error::IndexNotFound(_)) => Vec::new(),
        Err(_) if default => Vec::new(),
        Err(e) => return Err(e).context("cannot read which files and folders to re-scan"),
    };
    if !roots.is_empty() {
        return Ok((roots, true));
    }
    if default {
        return Ok((vec!["corpus".into()], false));
    }
    anyhow::bail!(
        "{}: no indexed files or folders recorded to re-scan; name them: search --index {} index PATHS",
        dir.display(),
        dir.display()
    )
}

fn query(dir: &std::path::Path, args: QueryArgs) -> Result<ExitCode> {
    let request = args.to_query()?;
    if args.fields.is_some() && !args.streams() {
        anyhow::bail!("--fields picks the columns of --format jsonl or csv; add one of them");
    }
    let index = NewsIndex::open(dir)?;
    if args.streams() {
        return stream_query(&index, &args, &request);
    }
    let results = index.search(&request)?;
    print_notes(results.reinterpreted.as_deref(), &results.unmatched_filters);
    print_results(&results, args.json || args.format == QueryFormat::Json)
}

fn similar(dir: &std::path::Path, args: SimilarArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let results = index.similar(&args.reference, args.limit)?;
    print_results(&results, args.json)
}

fn show(dir: &std::path::Path, args: ShowArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let article = index.article(&args.reference)?.with_evidence();
    emit(args.json, &article, |out| {
        render::article(out, &article, render::width())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn batch(dir: &std::path::Path, args: BatchArgs) -> Result<ExitCode> {
    let template = args
        .filters
        .apply(Query::new(""))?
        .sort(args.sort.into())
        .limit(args.top)
        .all_duplicates(args.all_duplicates);
    let list = if args.file.as_os_str() == "-" {
        io::read_to_string(io::stdin()).context("cannot read the list from stdin")?
    } else {
        std::fs::read_to_string(&args.file)
            .with_context(|| format!("{}: cannot read the list", args.file.display()))?
    };
    let queries = newsindex::read_batch(&list);
    if queries.is_empty() {
        anyhow::bail!(
            "{}: no queries (every line is blank or a # comment)",
            args.file.display()
        );
    }
    let index = NewsIndex::open(dir)?;
    let matching = if args.phrase {
        newsindex::BatchMatch::Phrase
    } else if args.any_words {
        newsindex::BatchMatch::Words
    } else {
        newsindex::BatchMatch::Names
    };
    let bar = ProgressBar::new(queries.len() as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} queries",
        )
        .expect("valid progress template"),
    );
    let style = render::Style::for_stdout();
    let width = render::width();
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut csv_out = args.csv.then(records::BatchCsv::new);
    let mut rows = Vec::new();
    let summary = index.search_batch(&queries, &template, matching, |outcome| {
        bar.inc(1);
        if let Some(error) = &outcome.error {
            bar.suspend(|| eprintln!("line {}: {error}", outcome.line));
        }
        bar.suspend(|| -> io::Result<()> {
            if args.json {
                serde_json::to_writer(&mut out, &outcome)?;
                writeln!(out)?;
            } else if let Some(csv) = csv_out.as_mut() {
                csv.write(&mut out, &outcome)?;
            } else {
                render::batch_outcome(&mut out, &outcome, style, width)?;
            }
            // Stream: each line's hits reach the reader as they are found.
            out.flush()
        })
        .map_err(stdout_error)?;
        rows.push(render::BatchRow::from(&outcome));
        Ok(())
    })?;
    bar.finish_and_clear();
    print_notes(None, &summary.unmatched_filters);
    if !args.json && !args.csv {
        render::batch_summary(&mut out, &mut rows, width)?;
    }
    out.flush()?;
    eprintln!(
        "{} queries: {} matched, {} without hits, {} failed",
        summary.queries,
        summary.matched,
        summary.queries - summary.matched - summary.failed,
        summary.failed
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(2)
    } else if summary.matched == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn export(dir: &std::path::Path, args: ExportArgs) -> Result<ExitCode> {
    let request = args.filters.apply(Query::new(&args.text))?;
    let format = match args.format {
        ExportFormat::Ndjson => records::Format::JsonLines,
        ExportFormat::Csv => records::Format::Csv,
    };
    let fields =
        records::pick_article_fields(args.fields.as_deref(), format).map_err(anyhow::Error::msg)?;
    let index = NewsIndex::open(dir)?;
    let mut out =
        records::RecordWriter::new(io::BufWriter::new(io::stdout().lock()), format, fields);
    let bar = counter("articles");
    let report = index.export(&request, |article| {
        bar.inc(1);
        out.write(&records::article(article)).map_err(stdout_error)
    })?;
    bar.finish_and_clear();
    out.flush()?;
    print_notes(report.reinterpreted.as_deref(), &report.unmatched_filters);
    let plural = if report.articles == 1 { "" } else { "s" };
    eprintln!("exported {} article{plural}", report.articles);
    Ok(if report.articles == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Standard output as the commands print to it, buffered.
type Stdout = io::BufWriter<io::StdoutLock<'static>>;

/// Print a command's answer on stdout: `value` as one pretty-printed JSON
/// document (`--json`), else as `text` writes it for people. Errors come
/// back as they are (a closed pipe among them, which `main` recognises).
fn emit<T: serde::Serialize + ?Sized>(
    json: bool,
    value: &T,
    text: impl FnOnce(&mut Stdout) -> io::Result<()>,
) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        text(&mut out)?;
    }
    out.flush()?;
    Ok(())
}

/// A write to stdout that failed, as a library error (so the callbacks of
/// streaming calls can return it; a closed pipe is still recognised).
fn stdout_error(source: io::Error) -> newsindex::Error {
    newsindex::Error::Io {
        path: "standard output".into(),
        source,
    }
}

/// A spinner counting streamed records on stderr (hidden when stderr is
/// not a terminal).
fn counter(what: &str) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template(&format!("{{spinner}} [{{elapsed_precise}}] {{pos}} {what}"))
            .expect("valid progress template"),
    );
    bar
}

/// `search query --format jsonl|csv`: every match, one record per hit.
fn stream_query(index: &NewsIndex, args: &QueryArgs, request: &Query) -> Result<ExitCode> {
    let fields = records::pick_fields(args.fields.as_deref(), &records::HIT_FIELDS)
        .map_err(anyhow::Error::msg)?;
    let format = if args.format == QueryFormat::Csv {
        records::Format::Csv
    } else {
        records::Format::JsonLines
    };
    let mut out =
        records::RecordWriter::new(io::BufWriter::new(io::stdout().lock()), format, fields);
    let bar = counter("hits");
    let report = index.search_each(request, |hit| {
        bar.inc(1);
        out.write(&records::hit(&hit)).map_err(stdout_error)
    })?;
    bar.finish_and_clear();
    out.flush()?;
    print_notes(report.reinterpreted.as_deref(), &report.unmatched_filters);
    eprintln!("{}", stream_summary(&report));
    Ok(if report.total_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The line `search query --format jsonl|csv` ends with on stderr: how
/// many records for how many matching articles, and what was folded.
fn stream_summary(report: &newsindex::StreamReport) -> String {
    let written = format!(
        "{} of {} matching articles written",
        report.streamed, report.total_hits
    );
    match (report.folded, report.all_duplicates) {
        (0, _) => written,
        (n, false) => format!(
            "{written}, one per group of near-duplicates ({n} more folded into them: \
             see the similar column; --all-duplicates writes each)"
        ),
        (n, true) => {
            format!("{written} ({n} exact copies folded into them: see the copies column)")
        }
    }
}

/// What a search says on stderr besides its results: text that was read
/// as plain words, and filter values no article has (with suggestions).
fn print_notes(reinterpreted: Option<&str>, unmatched: &[newsindex::UnmatchedFilter]) {
    if let Some(words) = reinterpreted {
        eprintln!("note: read as plain words: {words}");
    }
    for filter in unmatched {
        eprintln!("{}", render::unmatched_filter(filter));
    }
}

/// Exit 0 when the query matched (even when this page is empty: a script
/// paging with --offset must not take "past the end" for "no match"), 1
/// when it matched nothing.
fn print_results(results: &newsindex::SearchResults, json: bool) -> Result<ExitCode> {
    emit(json, results, |out| {
        render::results(out, results, render::Style::for_stdout(), render::width())
    })?;
    Ok(if results.total_hits + results.partial_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn facets(dir: &std::path::Path, args: FacetsArgs) -> Result<ExitCode> {
    let request = args.filters.apply(Query::new(&args.text))?;
    let index = NewsIndex::open(dir)?;
    let field = match args.field {
        cli::FacetChoice::Field(field) => field,
        cli::FacetChoice::Amount => return amount_ranges(&index, &request, args.json),
    };
    let list = index.facets(&request, field, args.top)?;
    print_notes(list.reinterpreted.as_deref(), &list.unmatched_filters);
    emit(args.json, &list, |out| render::facet_list(out, &list))?;
    Ok(if list.total_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `search facets --field amount`: the matching articles per range of
/// their amounts in US dollars, as `query --facets` and the page count them.
fn amount_ranges(index: &NewsIndex, request: &Query, json: bool) -> Result<ExitCode> {
    let results = index.search(&request.clone().limit(0).with_facets(0))?;
    print_notes(results.reinterpreted.as_deref(), &results.unmatched_filters);
    let ranges = render::AmountRanges::new(&results);
    emit(json, &ranges, |out| render::amount_ranges(out, &ranges))?;
    Ok(if results.total_hits == 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let walk = newsindex::ingest::walk(&args.paths)?;
    let mut err = io::stderr().lock();
    for (path, problem) in &walk.problems {
        // Unsupported files inside folders are skipped silently, as by `index`.
        if problem.is_listed() {
            writeln!(err, "skipped: {}: {problem}", path.display())?;
        }
    }
    let mut found = Vec::new();
    for path in &walk.files {
        match newsindex::extract_file(path) {
            Ok(file) => {
                for warning in &file.warnings {
                    writeln!(err, "warning: {}: {warning}", path.display())?;
                }
                found.extend(file.articles);
            }
            Err(problem) => writeln!(err, "skipped: {}: {problem}", path.display())?,
        }
    }
    let records: Vec<render::Extracted<'_>> = found
        .iter()
        .map(|(article, facets)| {
            let date = newsindex::extract::article_date(article);
            let entities = newsindex::extract::entities(&article.title, &article.body, date);
            render::Extracted::new(article, facets, entities)
        })
        .collect();
    emit(args.json, &records, |out| render::extracted(out, &records))?;
    Ok(if records.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn completions(args: CompletionsArgs) -> Result<ExitCode> {
    let mut command = cli::command();
    // Written whole from memory: clap_complete panics on a failed write,
    // and a closed pipe (`| head -1`) must end quietly.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "search", &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode> {
    let command = cli::command();
    let mut out = io::BufWriter::new(io::stdout().lock());
    man::write(&mut out, command)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn duplicates(dir: &std::path::Path, args: DuplicatesArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} articles",
        )
        .expect("valid progress template"),
    );
    let report = index.duplicates(args.sample, |done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })?;
    bar.finish_and_clear();
    emit(args.json, &report, |out| {
        render::duplicate_report(out, &report, render::width())
    })?;
    Ok(ExitCode::SUCCESS)
}

fn stats(dir: &std::path::Path, args: StatsArgs) -> Result<ExitCode> {
    let index = NewsIndex::open(dir)?;
    let stats = index.stats(args.top)?;
    emit(args.json, &stats, |out| render::stats(out, &stats))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_already_quoted_are_not_repeated() {
        let io = io::Error::new(io::ErrorKind::PermissionDenied, "permission denied");
        let lib = newsindex::Error::Io {
            path: "/srv/index".into(),
            source: io,
        };
        let error = anyhow::Error::new(lib).context("cannot open the index");
        assert_eq!(
            one_line(&error),
            "cannot open the index: /srv/index: permission denied"
        );
    }
}
