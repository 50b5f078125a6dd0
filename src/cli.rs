//! Command-line definition: clap derive; doc comments become `--help`.

use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use newsindex::{Error, FacetField, Filters, Parameter, Query, SortBy};

/// Full-text search for news articles, with countries, organisations and
/// money amounts extracted from the text.
///
/// Exit status: 0 on success, 1 when a query matched nothing, 2 on error,
/// 130 when Ctrl-C stopped `search index` (the files finished so far are
/// committed).
///
/// A query text starting with '-' (-Yukos: articles without Yukos) can
/// follow `--` (search query -- -Yukos); without it, a word starting with
/// '-' that is no option is read as the query text.
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
    /// Index the articles in files and folders (.txt .md .html .htm .json .jsonl .ndjson .sgm
    /// .pdf .docx .eml .mbox .csv .tsv).
    ///
    /// Folders are walked recursively. Runs are incremental: unchanged files
    /// are not re-read, changed files have their articles replaced, and
    /// articles of files deleted from an indexed folder are removed. A run
    /// commits once, at the end, so a run that dies leaves the previous
    /// index intact. Ctrl-C stops early and commits the files finished so
    /// far (exit status 130); run again to finish.
    ///
    /// The index is portable: it stores each file's path relative to the
    /// folder it was indexed from, and where that folder is relative to the
    /// index folder, so an index moved or copied together with its corpus
    /// (or opened on another machine) still finds, shows and re-indexes
    /// its files, with the same article ids. An index moved alone finds the
    /// corpus where it was; when the corpus moved too, name it where it is
    /// now and its files keep their articles. A recorded folder that is
    /// gone is reported and keeps its articles (see --forget).
    Index(IndexArgs),
    /// Search the index (ranked by BM25, with highlighted snippets).
    ///
    /// The query uses Tantivy's syntax: words (all must match for the top
    /// hits), "exact phrases", AND / OR / NOT, +required -excluded,
    /// title:word, word* (prefix), word~1 or word~2 (that many typos).
    /// Text comes first: apostrophes (Sainsbury's), `said:`, URLs and `&`
    /// are words, and text with unbalanced quotes or parentheses is
    /// searched as plain words (noted on stderr); --strict refuses it instead.
    Query(QueryArgs),
    /// List the values of a facet with exact article counts, over all
    /// articles or over a query's matches.
    ///
    /// Takes the same filters as `query`, so drill down by adding them:
    /// `search facets --country Russia --field org` lists the
    /// organisations of articles about Russia.
    Facets(FacetsArgs),
    /// Find articles like one article (more-like-this over title and body).
    ///
    /// The article is named by its id (from `search query --json`) or by
    /// the file it was indexed from (its first article); it is never among
    /// the results.
    Similar(SimilarArgs),
    /// Show one whole article: title, date, source, file, facets (amounts
    /// with the text they were read from) and the full body.
    ///
    /// The article is named by its id (from `search query --json`), by
    /// the file it was indexed from (its first article), or by FILE#N, the
    /// article at zero-based position N of that file, as hits show it.
    Show(ShowArgs),
    /// Search a whole list of names or queries at once (one per line of a
    /// file, or of stdin with `-`).
    ///
    /// Blank lines and lines starting with `#` are skipped; commas, quotes,
    /// `&` and apostrophes are part of a name. Every filter applies to
    /// every line. Prints each line's hit count and best hits as they
    /// come, then a summary sorted by hit count; a line that cannot be
    /// searched is reported on its line and the batch goes on. Exit status
    /// 0 when some line matched, 1 when none did, 2 when a line failed.
    Batch(BatchArgs),
    /// Write every article (or those matching a query and filters) as JSON
    /// Lines on stdout, one object per article, streamed.
    ///
    /// Each line holds id, title, body, path, source, url, date (RFC 3339)
    /// and date_ts (seconds), countries, about, organisations, people, amounts
    /// ([{value, currency, usd, text}]) and the flat amount_usd and
    /// amount_currency arrays: what the engine configurations in deploy/
    /// load (OpenSearch, Quickwit, Meilisearch). Articles come in index
    /// order, unranked; memory stays constant however many match.
    ///
    /// Duplicates are not folded: an export holds every article, exact
    /// copies and near-duplicates included. The group, similar and copies
    /// columns (in CSV by default; --fields names them for ndjson) tell
    /// which rows are versions of one story: the group id is shared by
    /// them, similar counts the other texts, copies the other files.
    Export(ExportArgs),
    /// Show the countries, organisations and money amounts extracted from
    /// each article of files and folders, without indexing them.
    ///
    /// Per article: its file, position in the file and title, then the
    /// facets `search index` would store (amounts with their currency, US
    /// dollar equivalent and the text they were read from). Files that
    /// cannot be read are listed on stderr and the others still shown.
    /// Exit status 1 when no article was found.
    Extract(ExtractArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// For example: `search completions bash > ~/.local/share/bash-completion/completions/search`.
    Completions(CompletionsArgs),
    /// Print the manual (roff) on stdout, every subcommand and option in
    /// one page: `search man > search.1; man ./search.1`.
    Man,
    /// Show the index's size, article count and most frequent facets.
    Stats(StatsArgs),
    /// Count the duplicates in the index: sets of exact copies and groups
    /// of near-duplicates (found when indexing), with a sample of groups
    /// and their articles to check.
    ///
    /// Near-duplicates are articles whose word 5-shingles overlap by 70%
    /// (Jaccard) or more: wire reprints, corrected and updated versions.
    /// `search query` shows one article per group ("N similar");
    /// `search show ID` lists a group's other articles.
    Duplicates(DuplicatesArgs),
    /// Correct the organisation, person and country facets by hand: merge,
    /// rename, re-parent, drop values, or move names between people and
    /// organisations, from a TOML file.
    ///
    /// The index keeps its corrections in DIR/corrections.toml: every
    /// `search index` run applies them to the articles it reads, and
    /// `apply` re-applies them to the whole index from what it stores,
    /// without reading the articles' files again. The values as extracted
    /// are kept, so a rule removed from the file and applied again gives
    /// them back.
    ///
    /// The file, names as `search facets` lists them: `[org]` merge = {
    /// "Man Utd" = "Manchester United" }, rename = { "Reuters" = "Thomson
    /// Reuters" }, parent = { "BBC Three" = "BBC", "Sky News" = "" } ("":
    /// top level), drop = ["House"], to_person = ["Lindsay"]; `[person]`
    /// merge, rename, drop, to_org; `[country]` merge, rename, drop. See
    /// the README's Corrections section.
    #[command(subcommand)]
    Corrections(CorrectionsCommand),
    /// Serve the index over HTTP: a JSON API and a search page.
    ///
    /// The API mirrors the commands' JSON: /api/search (as `query --json`,
    /// options as parameters: ?q=cisco&country=Russia&min_amount=1M),
    /// /api/facets, /api/articles/{id} (as `show --json`),
    /// /api/similar/{id}, /api/stats, /health; the page is at /. Only
    /// reads the index, and picks up what `search index` commits while it
    /// runs. Listens on this machine only unless --addr says otherwise.
    /// Ctrl-C stops it.
    #[cfg(feature = "server")]
    Serve(ServeArgs),
}

/// `search serve` options.
#[cfg(feature = "server")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0: any free port, printed).
    /// Any address but a loopback one (127.0.0.1, ::1) makes the index
    /// readable by the network, with a warning.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "ADDR:PORT")]
    pub addr: std::net::SocketAddr,
}

/// `search index` options.
#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders to index. None: the ones this index was built
    /// from, with the options they were indexed with (recorded in it); for
    /// a new default index (`index/`), `corpus/`.
    #[arg(value_name = "PATHS")]
    pub paths: Vec<PathBuf>,

    /// Leave out files and folders matching this glob (.gitignore syntax,
    /// relative to each folder given: '*.json', 'drafts/'); repeatable.
    /// Files in .gitignore and .ignore files are always left out.
    #[arg(long, value_name = "GLOB", requires = "paths")]
    pub exclude: Vec<String>,

    /// Also index hidden files and folders (names starting with '.').
    #[arg(long, requires = "paths")]
    pub hidden: bool,

    /// Also index documentation files found in folders (README, LICENSE,
    /// LICENCE, CHANGELOG, NOTICE, COPYING, any extension) and plain-text
    /// word lists or tables (most words outside sentences, like Reuters'
    /// all-places-strings.lc.txt), which are otherwise counted as skipped.
    #[arg(long, requires = "paths")]
    pub include_docs: bool,

    /// Start from an empty index instead of updating the existing one.
    #[arg(long)]
    pub rebuild: bool,

    /// Remove the articles of a file or folder the index was built from,
    /// and stop re-scanning it (for one deleted, or on a disk that is
    /// gone for good). A folder that moved keeps its articles: index it
    /// where it is now instead.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["paths", "rebuild", "corrections"])]
    pub forget: Option<PathBuf>,

    /// Largest file, in MiB, of a format read whole (.txt .md .html .pdf
    /// .docx .eml, a JSON array); larger ones are skipped. JSON Lines,
    /// CSV/TSV, SGML and mbox files are streamed whatever their size.
    #[arg(long, value_name = "MIB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_file_size: u64,

    /// Read an article field of CSV/TSV files from a column with another
    /// name: FIELD=COLUMN, FIELD one of title, body, date, url, source, id
    /// (columns named title, body/text/content, date, url, source, id are
    /// found without it); repeatable.
    #[arg(long, value_name = "FIELD=COLUMN")]
    pub csv_column: Vec<newsindex::ingest::CsvColumns>,

    /// Date articles that have no date of their own (from their record,
    /// front matter or a dateline) by their file's modification time. Off
    /// by default: for a copied or downloaded collection that is the copy's
    /// date, not the articles'.
    #[arg(long)]
    pub date_from_mtime: bool,

    /// Correct the facets by this file (TOML, see `search corrections`):
    /// it becomes the index's own (copied to DIR/corrections.toml), the
    /// articles already indexed are corrected first, and this run and
    /// later ones apply it. Without it, DIR/corrections.toml is applied
    /// when there is one.
    #[arg(long, value_name = "FILE")]
    pub corrections: Option<PathBuf>,

    /// Worker threads that parse and extract (default: one per core).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub threads: Option<u64>,

    /// Print the run's report as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

/// `search extract` options.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders to read (folders are walked recursively).
    #[arg(value_name = "PATHS", required = true)]
    pub paths: Vec<PathBuf>,

    /// Print one JSON document: an array of {path, position, title,
    /// countries, organisations, people, amounts}.
    #[arg(long)]
    pub json: bool,
}

/// `search query` options.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text (may be empty to browse by filters alone). Text
    /// starting with '-' (-Yukos: articles without Yukos) after `--`:
    /// search query -- -Yukos.
    #[arg(value_name = "TEXT")]
    pub text: String,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// Order of the hits: relevance, date (newest first) or amount (largest
    /// first); ties are broken by relevance.
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// Show up to N non-overlapping passages per hit, best first.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub snippets: usize,

    /// Show why each hit scored as it did (the contribution of each term).
    #[arg(long)]
    pub explain: bool,

    /// Number of hits to show (default 10; with --format jsonl or csv,
    /// every match).
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,

    /// Skip this many hits first (paging).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,

    /// Also count countries, organisations, people and currencies over all
    /// matching articles, with a histogram of their amounts.
    #[arg(long)]
    pub facets: bool,

    /// How many values of each facet to show with --facets.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Show every near-duplicate (reprints, corrected or updated versions)
    /// as a hit of its own. By default each group of them is one hit, its
    /// best-ranked member, marked "N similar" (in every format: a stream
    /// writes one record per group); exact copies are one hit either way,
    /// listing the other files. Totals count every article.
    #[arg(long)]
    pub all_duplicates: bool,

    /// Print one JSON document (hits, scores, snippets with highlight
    /// ranges, facet counts); the same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Output format: text (for people), json (one document, a page of
    /// hits), or jsonl / csv: every match streamed, one record per hit
    /// (rank, score, title, path, date, facets, best snippet, similar,
    /// group, copies), for spreadsheets and other programs. Streams fold
    /// near-duplicates like the pages: one record per group, its
    /// best-ranked article, unless --all-duplicates.
    #[arg(long, value_enum, default_value_t = QueryFormat::Text)]
    pub format: QueryFormat,

    /// With --format jsonl or csv: the columns to write, comma-separated
    /// (rank, score, tier, id, title, path, position, line, source, url,
    /// date, countries, about, organisations, people, amounts, snippet, page,
    /// similar, group, copies).
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,
}

/// Formats `search query` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueryFormat {
    /// Hits with highlighted snippets, wrapped to the terminal.
    Text,
    /// One JSON document with a page of hits.
    Json,
    /// Every match, one JSON object per line.
    Jsonl,
    /// Every match, one CSV row per hit after a header row.
    Csv,
}

impl QueryArgs {
    /// Whether every match is streamed as records (jsonl, csv).
    pub fn streams(&self) -> bool {
        matches!(self.format, QueryFormat::Jsonl | QueryFormat::Csv)
    }
}

/// Filters shared by `query` and `facets`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only articles referring to this country (e.g. Russia, "United States", /country/Japan); repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub country: Vec<String>,

    /// Only articles about this country, not merely mentioning it (e.g. Japan, /about/Japan); repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub about: Vec<String>,

    /// Only articles naming this organisation (e.g. Cisco, OPEC or its alias Opec, /org/Cisco);
    /// a body includes its named units (BBC: also BBC Sport), a unit's name is the unit alone;
    /// repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,

    /// Only articles naming this person, by full name (e.g. "Tony Blair", /person/Tony Blair);
    /// repeat to require several.
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,

    /// Leave out articles referring to this country (as --country reads it); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub not_country: Vec<String>,

    /// Leave out articles naming this organisation (as --org reads it); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub not_org: Vec<String>,

    /// Leave out articles naming this person (as --person reads it); repeat for several.
    #[arg(long, value_name = "NAME")]
    pub not_person: Vec<String>,

    /// Only articles from files under this folder, or whose path starts
    /// with this prefix (bbc/business, bbc/business/0); repeat for any of several.
    #[arg(long, value_name = "PATH")]
    pub under: Vec<PathBuf>,

    /// Only articles in this language, an ISO 639-1 code (en, fr, de, ru, ...);
    /// repeat for any of several. Articles too short for their language to be
    /// told have none.
    #[arg(long, value_name = "CODE")]
    pub lang: Vec<String>,

    /// Only articles with an amount of at least this many US dollars (20000000, 20M, 1.5bn);
    /// amounts in other currencies are compared by their US-dollar equivalent.
    /// With --currency, the amount is in that currency instead.
    #[arg(long, value_name = "AMOUNT", value_parser = parse_min_amount)]
    pub min_amount: Option<String>,

    /// Only articles with an amount of at most this many US dollars (same forms as --min-amount).
    #[arg(long, value_name = "AMOUNT", value_parser = parse_max_amount)]
    pub max_amount: Option<String>,

    /// Only articles with an amount in this currency (ISO code: USD, EUR, GBP, JPY, ...);
    /// --min-amount and --max-amount then apply to those amounts, in that currency.
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,

    /// Only articles dated on or after this day (2024-03-01) or instant (2024-03-01T09:00:00Z).
    #[arg(long, value_name = "DATE", value_parser = parse_since)]
    pub since: Option<String>,

    /// Only articles dated on or before this day (the whole day counts) or instant.
    #[arg(long, value_name = "DATE", value_parser = parse_until)]
    pub until: Option<String>,

    /// Tolerate typos: words of 5-8 letters match terms one edit away, longer
    /// words two; exact matches rank first. Per word: word~1, word~2.
    #[arg(long)]
    pub fuzzy: bool,

    /// Read the query text strictly in the query syntax and fail on a
    /// syntax error (for scripts). By default only title: and body: are
    /// fields, apostrophes and `word:` are text, and text that is not
    /// valid syntax is searched as plain words (with a note on stderr).
    #[arg(long)]
    pub strict: bool,
}

impl FilterArgs {
    /// Add these filters to a query (the library reads and checks them);
    /// a reversed date range is refused in the user's words.
    pub fn apply(&self, query: Query) -> anyhow::Result<Query> {
        let filters = Filters {
            country: self.country.clone(),
            about: self.about.clone(),
            org: self.org.clone(),
            person: self.person.clone(),
            exclude: [
                (FacetField::Country, &self.not_country),
                (FacetField::Org, &self.not_org),
                (FacetField::Person, &self.not_person),
            ]
            .into_iter()
            .flat_map(|(field, names)| names.iter().map(move |name| (field, name.clone())))
            .collect(),
            under: self.under.clone(),
            lang: self.lang.clone(),
            currency: self.currency.clone(),
            min_amount: self.min_amount.clone(),
            max_amount: self.max_amount.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            fuzzy: self.fuzzy,
            strict: self.strict,
        };
        filters.apply(query).map_err(|error| self.refusal(error))
    }

    /// A filter value the library refused, worded for the command line: a
    /// reversed date range by its two flags as typed (no article could
    /// match), any other value as [`refused`] words it.
    fn refusal(&self, error: Error) -> anyhow::Error {
        match error {
            Error::InvalidFilter {
                parameter: Parameter::DateRange,
                ..
            } => anyhow::anyhow!(
                "--since {} is after --until {}: no article can match; swap the dates",
                self.since.as_deref().unwrap_or_default(),
                self.until.as_deref().unwrap_or_default()
            ),
            error @ Error::InvalidFilter { .. } => anyhow::anyhow!(refused(&error)),
            other => other.into(),
        }
    }
}

/// A filter value the library could not read, as the command line says
/// it: `"lots" is not an amount; write it like ...` (the library's reason
/// reads after the value and `is`).
fn refused(error: &Error) -> String {
    match error {
        Error::InvalidFilter { value, reason, .. } => format!("{value:?} is {reason}"),
        other => other.to_string(),
    }
}

impl QueryArgs {
    /// The library query these arguments ask for.
    pub fn to_query(&self) -> anyhow::Result<Query> {
        let mut query = self
            .filters
            .apply(Query::new(&self.text))?
            .sort(self.sort.into())
            .snippets(self.snippets)
            .explain(self.explain)
            .limit(
                self.limit
                    .unwrap_or(if self.streams() { usize::MAX } else { 10 }),
            )
            .offset(self.offset)
            .all_duplicates(self.all_duplicates);
        if self.facets {
            query = query.with_facets(self.top);
        }
        Ok(query)
    }
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Best match first.
    Relevance,
    /// Newest first.
    Date,
    /// Largest amount (in US dollars) first.
    Amount,
}

impl From<SortArg> for SortBy {
    fn from(sort: SortArg) -> SortBy {
        match sort {
            SortArg::Relevance => SortBy::Relevance,
            SortArg::Date => SortBy::Date,
            SortArg::Amount => SortBy::Amount,
        }
    }
}

/// `search facets` options.
#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// Count over the articles matching this query (default: every article).
    #[arg(value_name = "TEXT", default_value = "")]
    pub text: String,

    /// Which facet to list: country, about (the countries articles are
    /// about), org (a body counts the articles naming it or its units,
    /// listed indented under it), person, currency, folder (articles per
    /// top-level folder of the indexed root) or lang (ISO 639-1 language
    /// codes), or a facet path: /org; or amount: articles per range of
    /// their amounts in US dollars (< 1M, 1M–10M, 10M–100M, 100M–1B, ≥ 1B),
    /// the ranges the search page shows.
    #[arg(long, default_value = "country", value_name = "FIELD", value_parser = parse_facet_field)]
    pub field: FacetChoice,

    #[command(flatten)]
    pub filters: FilterArgs,

    /// How many values to show, most frequent first.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,

    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `search similar` options.
#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// An article id, or the path of an indexed file (its first article).
    #[arg(value_name = "ID|PATH")]
    pub reference: String,

    /// Number of articles to show.
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N")]
    pub limit: usize,

    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `search batch` options.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The list: one name or query per line ('-' reads stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Search each line as one exact phrase (its words, in order).
    #[arg(long)]
    pub phrase: bool,

    /// Search each line as a query typed in the search box: articles with
    /// some of its words count too (as partial_hits). By default each line
    /// is a name: all its words, adjacent (a middle name or initial may
    /// come between), a trailing Inc, Ltd, plc, Corp, Co, Group, AG or SA
    /// optional.
    #[arg(long, conflicts_with = "phrase")]
    pub any_words: bool,

    /// Best hits to show per line (0: counts only); -n as in `query`
    /// (--top is the old name).
    #[arg(
        long = "limit",
        short = 'n',
        alias = "top",
        default_value_t = 3,
        value_name = "N"
    )]
    pub top: usize,

    /// Order of each line's hits, as in `query`: relevance, date (newest
    /// first) or amount (largest first).
    #[arg(long, value_enum, default_value_t = SortArg::Relevance)]
    pub sort: SortArg,

    /// Print one JSON object per line of the list (JSON Lines): line,
    /// query, total_hits, hits.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,

    /// Print CSV: one row per hit (line, query, total_hits, rank, score,
    /// title, path, date, snippet, similar, group, error); a line without
    /// hits gets one row.
    #[arg(long)]
    pub csv: bool,

    /// Show every near-duplicate as a hit of its own. By default, as in
    /// `search query`, each group of them (reprints, corrected or updated
    /// versions) is one hit, marked "N similar"; total_hits counts every
    /// article either way.
    #[arg(long)]
    pub all_duplicates: bool,

    #[command(flatten)]
    pub filters: FilterArgs,
}

/// `search export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Export only the articles matching this query (default: every article).
    #[arg(value_name = "TEXT", default_value = "")]
    pub text: String,

    /// Output format: ndjson (one JSON object per line, what the engines
    /// in deploy/ load) or csv (a header row, then one row per article).
    #[arg(long, value_enum, default_value_t = ExportFormat::Ndjson)]
    pub format: ExportFormat,

    /// The columns to write, comma-separated (id, title, body, path,
    /// source, url, date, date_ts, countries, about, organisations, people,
    /// amounts, amount_usd, amount_currency, group, similar, copies).
    /// Default: all of them for csv; all but group, similar and copies
    /// for ndjson (what the engines in deploy/ load).
    #[arg(long, value_name = "LIST")]
    pub fields: Option<String>,

    #[command(flatten)]
    pub filters: FilterArgs,
}

/// Formats `search export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// JSON Lines (newline-delimited JSON), as bulk loaders take it
    /// (also `jsonl`, as `query --format` names it).
    #[value(alias = "jsonl")]
    Ndjson,
    /// CSV with a header row; lists joined with "; ".
    Csv,
}

/// `search show` options.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// An article id, an indexed file (its first article), or FILE#N.
    #[arg(value_name = "ID|PATH[#N]")]
    pub reference: String,

    /// Print JSON: every stored field, the facets and the whole body.
    #[arg(long)]
    pub json: bool,
}

/// `search corrections` subcommands.
#[derive(Debug, Subcommand)]
pub enum CorrectionsCommand {
    /// Show what a corrections file would change in the index, with
    /// article counts, and the names no article has, changing nothing.
    Check(CorrectionsArgs),
    /// Make a corrections file the index's own (DIR/corrections.toml) and
    /// correct every indexed article by it.
    ///
    /// Without FILE, re-applies DIR/corrections.toml after editing it;
    /// when that file does not exist, every article gets its extracted
    /// values back (delete the file, then apply, to undo all corrections).
    Apply(CorrectionsArgs),
}

/// `search corrections check|apply` options.
#[derive(Debug, Args)]
pub struct CorrectionsArgs {
    /// The corrections file (TOML); default: DIR/corrections.toml of the index.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Print the report as JSON: articles, changed, each change with its
    /// article count, and the unmatched names.
    #[arg(long)]
    pub json: bool,
}

/// `search duplicates` options.
#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// How many groups to list with their articles (in order of group
    /// id, which is unrelated to their size or content).
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub sample: usize,

    /// Print JSON: the counts and the sampled groups.
    #[arg(long)]
    pub json: bool,
}

/// `search completions` options.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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

/// What `search facets --field` lists: a facet's values, or the amount
/// ranges (the histogram `query --facets` and the search page show).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetChoice {
    /// A facet of the library.
    Field(FacetField),
    /// Articles per range of amounts in US dollars.
    Amount,
}

fn parse_facet_field(text: &str) -> Result<FacetChoice, String> {
    let name = text.trim().trim_matches('/').to_ascii_lowercase();
    if name == "amount" || name == "amounts" {
        return Ok(FacetChoice::Amount);
    }
    text.parse().map(FacetChoice::Field).map_err(|_: newsindex::Error| {
        format!(
            "invalid facet field {text:?}: use country, about, org, person, currency, folder, lang or amount"
        )
    })
}

/// The command line as `main` parses it: clap's definition with `-h`
/// printing the same help as `--help` on every command (clap's own `-h`
/// prints a summary whose descriptions differ).
pub fn command() -> clap::Command {
    same_help(Cli::command())
}

fn same_help(command: clap::Command) -> clap::Command {
    command
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::HelpLong)
                .help("Print help"),
        )
        .mut_subcommands(same_help)
}

/// Parse the arguments. A word starting with '-' that is no option of
/// `query`, `facets` or `export` (`search query -Yukos`) is their query
/// text, as after `--`; anything else clap refuses is refused as clap
/// words it.
pub fn parse_from(args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    use clap::FromArgMatches;
    let parse = |args: &[std::ffi::OsString]| {
        command()
            .try_get_matches_from(args)
            .and_then(|matches| Cli::from_arg_matches(&matches))
    };
    let error = match parse(&args) {
        Ok(cli) => return Ok(cli),
        Err(error) => error,
    };
    if error.kind() != clap::error::ErrorKind::UnknownArgument {
        return Err(error);
    }
    match query_text_moved(&args) {
        Some(moved) => parse(&moved).map_err(|_| error),
        None => Err(error),
    }
}

/// `args` with the one word starting with a single '-' after a query
/// subcommand moved behind `--`, when there is exactly one such word that
/// is no option (its first letter names none) and no `--` yet.
fn query_text_moved(args: &[std::ffi::OsString]) -> Option<Vec<std::ffi::OsString>> {
    let words: Vec<&str> = args.iter().map(|a| a.to_str()).collect::<Option<_>>()?;
    let at = words
        .iter()
        .position(|w| matches!(*w, "query" | "facets" | "export"))?;
    if words.contains(&"--") {
        return None;
    }
    let sub = command().find_subcommand(words[at])?.clone();
    let known = |letter: char| {
        sub.get_arguments()
            .any(|arg| arg.get_short() == Some(letter))
    };
    let unknown: Vec<usize> = (at + 1..words.len())
        .filter(|&i| {
            let w = words[i];
            w.len() > 1
                && w.starts_with('-')
                && !w.starts_with("--")
                && !w[1..].starts_with(|c: char| known(c) || c.is_ascii_digit())
        })
        .collect();
    let [i] = unknown[..] else { return None };
    // A word right after an option taking a value is that value.
    if let Some(previous) = words.get(i - 1).filter(|_| i > at + 1) {
        let takes_value = sub.get_arguments().any(|arg| {
            arg.get_action().takes_values()
                && (arg
                    .get_long()
                    .is_some_and(|l| *previous == format!("--{l}"))
                    || arg
                        .get_short()
                        .is_some_and(|s| *previous == format!("-{s}")))
        });
        if takes_value {
            return None;
        }
    }
    let mut moved = args.to_vec();
    let text = moved.remove(i);
    moved.push("--".into());
    moved.push(text);
    Some(moved)
}

/// `2024-03-01` (midnight UTC) or an RFC 3339 instant, as typed (trimmed).
fn parse_since(text: &str) -> Result<String, String> {
    checked(text.trim(), |text| {
        Filters::parse_date(Parameter::Since, text)
    })
}

/// `2024-03-01` (the last second of that day, UTC) or an RFC 3339 instant.
fn parse_until(text: &str) -> Result<String, String> {
    checked(text.trim(), |text| {
        Filters::parse_date(Parameter::Until, text)
    })
}

/// An amount (20000000, 20M, 1.5bn), as typed.
fn parse_min_amount(text: &str) -> Result<String, String> {
    checked(text, |text| {
        Filters::parse_amount(Parameter::MinAmount, text)
    })
}

/// An amount, as typed.
fn parse_max_amount(text: &str) -> Result<String, String> {
    checked(text, |text| {
        Filters::parse_amount(Parameter::MaxAmount, text)
    })
}

/// `text` when the library reads it (the value stays text for
/// [`Filters`]; clap refuses the argument at once otherwise).
fn checked<T>(
    text: &str,
    read: impl FnOnce(&str) -> newsindex::Result<T>,
) -> Result<String, String> {
    read(text)
        .map(|_| text.to_string())
        .map_err(|error| refused(&error))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn a_word_starting_with_a_dash_that_is_no_option_is_the_query_text() {
        let parse = |args: &[&str]| parse_from(args.iter().map(Into::into).collect());
        let cli = parse(&["search", "query", "-n", "2", "-Yukos", "--json"]).unwrap();
        let Command::Query(args) = cli.command else {
            panic!("not a query")
        };
        assert_eq!(
            (args.text.as_str(), args.limit, args.json),
            ("-Yukos", Some(2), true)
        );
        // Two texts, a flag's missing value, a negative number: refused.
        assert!(parse(&["search", "query", "oil", "-Yukos"]).is_err());
        assert!(parse(&["search", "query", "--country", "-Yukos"]).is_err());
        assert!(parse(&["search", "query", "-5"]).is_err());
        // Only the commands that take a query text.
        assert!(parse(&["search", "show", "-Yukos"]).is_err());
    }

    #[test]
    fn dates_are_iso_days_or_instants() {
        assert_eq!(parse_since(" 2024-03-01 ").unwrap(), "2024-03-01");
        assert_eq!(
            parse_since("2024-03-01T09:30:00+01:00").unwrap(),
            "2024-03-01T09:30:00+01:00"
        );
        assert_eq!(
            parse_since(" March 1").unwrap_err(),
            "\"March 1\" is not a date; write it like 2024-03-01 or 2024-03-01T09:30:00Z"
        );
        assert!(parse_until("2024-02-30").is_err());
        assert_eq!(
            parse_min_amount("lots").unwrap_err(),
            "\"lots\" is not an amount; write it like 20000000, 20M, 250k or 1.5bn"
        );
    }

    #[test]
    fn a_reversed_date_range_is_refused_by_its_flags() {
        let cli = Cli::try_parse_from([
            "search",
            "query",
            "oil",
            "--since",
            "2024-03-02",
            "--until",
            "2024-03-01",
        ])
        .unwrap();
        let Command::Query(args) = cli.command else {
            panic!("not a query")
        };
        assert_eq!(
            args.to_query().unwrap_err().to_string(),
            "--since 2024-03-02 is after --until 2024-03-01: no article can match; swap the dates"
        );
    }

    #[test]
    fn query_arguments_become_a_library_query() {
        let cli = Cli::try_parse_from([
            "search",
            "query",
            "cisco",
            "--currency",
            "GBP",
            "--min-amount",
            "1M",
            "--sort",
            "date",
            "--fuzzy",
            "--snippets",
            "3",
        ])
        .unwrap();
        let Command::Query(args) = cli.command else {
            panic!("not a query")
        };
        let expected = Query::new("cisco")
            .currency("GBP")
            .min_amount(1e6)
            .fuzzy(true)
            .sort(SortBy::Date)
            .snippets(3);
        assert_eq!(args.to_query().unwrap(), expected);
    }
}
