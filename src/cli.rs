//! Command-line definition: clap derive; doc comments become `--help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Full-text search for news articles, with countries, organisations and
/// money amounts extracted from the text.
///
/// Exit status: 0 on success, 1 when a query matched nothing, 2 on error.
#[derive(Debug, Parser)]
#[command(name = "search", version, about, long_about)]
pub struct Cli {
    /// Index folder (created by `search index` on first use).
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        default_value = "index",
        env = "NEWSINDEX_DIR"
    )]
    pub index: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index the articles in files and folders (.txt .md .html .htm .json .jsonl .ndjson .sgm).
    ///
    /// Folders are walked recursively. Re-indexing a file replaces its
    /// articles. Everything a run adds is committed at once at the end, so
    /// an interrupted run leaves the previous index intact.
    Index(IndexArgs),
    /// Search the index (ranked by BM25, with highlighted snippets).
    ///
    /// The query uses Tantivy's syntax: words (all must match for the top
    /// hits), "exact phrases", AND / OR / NOT, +required -excluded,
    /// title:word.
    Query(QueryArgs),
    /// Show the index's size, article count and most frequent facets.
    Stats(StatsArgs),
}

/// `search index` options.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index.
    #[arg(value_name = "PATHS", default_value = "corpus")]
    pub paths: Vec<PathBuf>,

    /// Print the run's report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `search query` options.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text (may be empty to browse by filters alone).
    #[arg(value_name = "TEXT")]
    pub text: String,

    /// Only articles about this country (e.g. Russia, "United States"); repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub country: Vec<String>,

    /// Only articles naming this organisation (e.g. Cisco); repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,

    /// Only articles with an amount of at least this many US dollars (20000000, 20M, 1.5bn);
    /// amounts in other currencies are compared by their US-dollar equivalent.
    #[arg(long, value_name = "USD", value_parser = parse_amount)]
    pub min_amount: Option<f64>,

    /// Only articles with an amount of at most this many US dollars (same forms as --min-amount).
    #[arg(long, value_name = "USD", value_parser = parse_amount)]
    pub max_amount: Option<f64>,

    /// Number of hits to show.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Skip this many hits first (paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Also count countries and organisations over all matching articles.
    #[arg(long)]
    pub facets: bool,

    /// How many values of each facet to show with --facets.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Print one JSON document (hits, scores, snippets with highlight ranges, facet counts).
    #[arg(long)]
    pub json: bool,
}

/// `search stats` options.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// How many values of each facet to show.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

fn parse_amount(text: &str) -> Result<f64, String> {
    newsindex::extract::parse_quantity(text).ok_or_else(|| {
        format!("{text:?} is not an amount; write it like 20000000, 20M, 250k or 1.5bn")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
