//! The library's rooms, checked from its source: one concern per file (no
//! file over 1,000 lines before its unit tests), imports in one direction
//! (no circle between files), inner modules importing from the module that
//! defines an item rather than through the `lib.rs` facade, and the layers
//! of `../shared/DESIGN.md` (ingest and extract know nothing of the index
//! or of search; search knows nothing of ingest).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Longest a source file may be before its `#[cfg(test)]` unit tests.
const MAX_LINES: usize = 1000;

/// One library source file: its module path and its text without tests.
struct Module {
    path: Vec<String>,
    code: String,
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Text before the unit tests (the first top-level `#[cfg(test)] mod`),
/// comments removed, and the number of lines before them.
fn code_of(text: &str) -> (String, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let tests_start = (0..lines.len())
        .find(|&i| {
            lines[i].starts_with("#[cfg(test)]")
                && lines[i + 1..]
                    .iter()
                    .find(|l| !l.starts_with("#["))
                    .is_some_and(|l| l.starts_with("mod ") || l.starts_with("pub(crate) mod "))
        })
        .unwrap_or(lines.len());
    let mut code = String::new();
    for line in &lines[..tests_start] {
        if line.trim_start().starts_with("//") {
            continue;
        }
        let line = match line.find(" // ") {
            Some(at) => &line[..at],
            None => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    (code, tests_start)
}

/// `mod name;` declarations of a file, test modules left out.
fn declared_modules(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut test_only = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("#[cfg(test)]") {
            test_only = true;
            continue;
        }
        let rest = line
            .strip_prefix("pub(crate) mod ")
            .or_else(|| line.strip_prefix("pub mod "))
            .or_else(|| line.strip_prefix("mod "));
        match rest.and_then(|r| r.strip_suffix(';')) {
            Some(name) if !test_only => names.push(name.to_string()),
            _ => {}
        }
        if !line.starts_with("#[") {
            test_only = false;
        }
    }
    names
}

/// Every library module reachable from `lib.rs`.
fn library() -> Vec<Module> {
    let mut modules = Vec::new();
    let mut todo = vec![(Vec::<String>::new(), src().join("lib.rs"))];
    while let Some((path, file)) = todo.pop() {
        let text = fs::read_to_string(&file).unwrap();
        let dir = if path.is_empty() || file.ends_with("mod.rs") {
            file.parent().unwrap().to_path_buf()
        } else {
            file.with_extension("")
        };
        for name in declared_modules(&text) {
            let flat = dir.join(format!("{name}.rs"));
            let nested = dir.join(&name).join("mod.rs");
            let child = if flat.exists() { flat } else { nested };
            assert!(child.exists(), "{}: mod {name} not found", file.display());
            let mut child_path = path.clone();
            child_path.push(name);
            todo.push((child_path, child));
        }
        let (code, _) = code_of(&text);
        modules.push(Module { path, code });
    }
    modules
}

/// Full paths named by a `use` tree such as `super::{a::B, c}` or `crate::x::*`.
fn expand(tree: &str, prefix: &str, out: &mut Vec<String>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = format!("{prefix}{}", &tree[..open]);
        let close = tree.rfind('}').filter(|&c| c > open).unwrap_or(tree.len());
        let inner = &tree[open + 1..close];
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&inner[start..i], &head, out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&inner[start..], &head, out);
    } else if !tree.is_empty() {
        let tree = tree.split(" as ").next().unwrap().trim();
        out.push(format!("{prefix}{tree}"));
    }
}

/// The paths a module's code names: `use` trees and inline `crate::`/`super::` paths.
fn named_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    let mut statement: Option<String> = None;
    for line in code.lines() {
        let trimmed = line.trim();
        if statement.is_none() {
            let rest = ["use ", "pub use ", "pub(crate) use ", "pub(super) use "]
                .iter()
                .find_map(|p| trimmed.strip_prefix(p));
            statement = rest.map(str::to_string);
        } else if let Some(open) = statement.as_mut() {
            open.push_str(trimmed);
        }
        if let Some(text) = statement.take_if(|s| s.contains(';')) {
            let tree = text[..text.find(';').unwrap()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let mut tidy = tree.clone();
            for (from, to) in [
                (" {", "{"),
                ("{ ", "{"),
                (" }", "}"),
                (", ", ","),
                (" ,", ","),
            ] {
                tidy = tidy.replace(from, to);
            }
            expand(&tidy, "", &mut paths);
        }
    }
    let flat: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = flat[from..].find(start) {
            let at = from + at;
            let before = flat[..at].chars().last();
            let tail: String = flat[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                paths.push(tail.trim_end_matches(':').to_string());
            }
            from = at + start.len();
        }
    }
    paths
}

/// The module (index into `modules`) a path names, and whether the named
/// item is a re-export of the crate root rather than a module.
fn resolve(
    from: &[String],
    path: &str,
    modules: &BTreeMap<Vec<String>, usize>,
) -> Option<(Vec<String>, bool)> {
    let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<String> = match segments.first() {
        Some(&"crate") => {
            segments.remove(0);
            Vec::new()
        }
        Some(&"super") => {
            let mut base = from.to_vec();
            while segments.first() == Some(&"super") {
                segments.remove(0);
                base.pop();
            }
            base
        }
        Some(&"self") => {
            segments.remove(0);
            from.to_vec()
        }
        // A path from one of this module's own submodules (`text::build`).
        Some(first) if modules.contains_key(&[from, &[first.to_string()]].concat()) => {
            from.to_vec()
        }
        _ => return None,
    };
    let mut through_root_item = false;
    for (i, segment) in segments.iter().enumerate() {
        let mut next = base.clone();
        next.push(segment.to_string());
        if modules.contains_key(&next) {
            base = next;
        } else {
            through_root_item = base.is_empty() && *segment != "*" && i == 0;
            break;
        }
    }
    Some((base, through_root_item))
}

fn name(path: &[String]) -> String {
    if path.is_empty() {
        "lib.rs".into()
    } else {
        path.join("::")
    }
}

/// Module-to-module imports of the library: an edge for each other module
/// a file's code names, its ancestors left out (the crate root, which only
/// declares and re-exports, among them).
fn imports(modules: &[Module]) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let by_path: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.path.clone(), i))
        .collect();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for module in modules {
        let set = edges.entry(module.path.clone()).or_default();
        let mut paths = named_paths(&module.code);
        // Paths through a submodule without `self::` (`text::build(..)`).
        let children = modules
            .iter()
            .filter(|m| m.path.len() == module.path.len() + 1 && m.path.starts_with(&module.path));
        for child in children {
            let needle = format!("{}::", child.path.last().unwrap());
            for (at, _) in module.code.match_indices(&needle) {
                let before = module.code[..at].chars().last();
                if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                    paths.push(format!("self::{needle}"));
                }
            }
        }
        for path in paths {
            if let Some((target, _)) = resolve(&module.path, &path, &by_path) {
                // A submodule using its parent's shared items is Rust's
                // nesting, not a circle: only edges to other rooms count.
                if !module.path.starts_with(&target) {
                    set.insert(target);
                }
            }
        }
    }
    edges
}

#[test]
fn no_library_file_is_over_a_thousand_lines_before_its_tests() {
    let mut long = Vec::new();
    let mut folders = vec![src()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let file = entry.unwrap().path();
            if file.is_dir() {
                folders.push(file);
            } else if file.extension().is_some_and(|e| e == "rs")
                && !file.to_string_lossy().ends_with("tests.rs")
            {
                let (_, lines) = code_of(&fs::read_to_string(&file).unwrap());
                if lines > MAX_LINES {
                    long.push(format!("{} ({lines} lines)", file.display()));
                }
            }
        }
    }
    long.sort();
    assert!(long.is_empty(), "files of more than one concern: {long:#?}");
}

#[test]
fn library_imports_form_no_circle() {
    let modules = library();
    let edges = imports(&modules);
    // Tarjan's strongly connected components over the import graph.
    struct State<'a> {
        edges: &'a BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        index: BTreeMap<Vec<String>, usize>,
        low: BTreeMap<Vec<String>, usize>,
        stack: Vec<Vec<String>>,
        on_stack: BTreeSet<Vec<String>>,
        circles: Vec<Vec<String>>,
    }
    fn visit(state: &mut State<'_>, node: &Vec<String>) {
        let n = state.index.len();
        state.index.insert(node.clone(), n);
        state.low.insert(node.clone(), n);
        state.stack.push(node.clone());
        state.on_stack.insert(node.clone());
        let next: Vec<Vec<String>> = state
            .edges
            .get(node)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        for target in next {
            if !state.index.contains_key(&target) {
                visit(state, &target);
                let low = state.low[node].min(state.low[&target]);
                state.low.insert(node.clone(), low);
            } else if state.on_stack.contains(&target) {
                let low = state.low[node].min(state.index[&target]);
                state.low.insert(node.clone(), low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            loop {
                let member = state.stack.pop().unwrap();
                state.on_stack.remove(&member);
                let done = &member == node;
                component.push(name(&member));
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                state.circles.push(component);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        circles: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    assert!(
        state.circles.is_empty(),
        "modules that import each other (directly or around a circle): {:#?}",
        state.circles
    );
}

#[test]
fn inner_modules_import_from_the_defining_module_not_the_facade() {
    let modules = library();
    let by_path: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.path.clone(), i))
        .collect();
    let mut through_facade = Vec::new();
    for module in &modules {
        // The server is a layer above the library: it uses the facade only.
        if module.path.is_empty() || module.path[0] == "server" {
            continue;
        }
        for path in named_paths(&module.code) {
            if let Some((_, true)) = resolve(&module.path, &path, &by_path) {
                through_facade.push(format!("{}: {path}", name(&module.path)));
            }
        }
    }
    through_facade.sort();
    through_facade.dedup();
    assert!(
        through_facade.is_empty(),
        "imports through lib.rs: {through_facade:#?}"
    );
}

#[test]
fn layers_point_one_way() {
    let modules = library();
    let edges = imports(&modules);
    // (module, what it must not import)
    let rules: &[(&str, &[&str])] = &[
        (
            "ingest",
            &["extract", "index", "search", "server", "document"],
        ),
        (
            "extract",
            &["ingest", "index", "search", "server", "document"],
        ),
        ("search", &["ingest", "server"]),
        ("index", &["search", "server"]),
        ("document", &["ingest", "index", "search", "server"]),
        (
            "schema",
            &["ingest", "extract", "index", "search", "server"],
        ),
    ];
    let mut breaks = Vec::new();
    for (from, targets) in &edges {
        for (layer, forbidden) in rules {
            if from.first().map(String::as_str) != Some(layer) {
                continue;
            }
            for target in targets {
                if forbidden.contains(&target[0].as_str()) {
                    breaks.push(format!("{} -> {}", name(from), name(target)));
                }
            }
        }
    }
    // The server reaches the library through its facade only.
    let by_path: BTreeMap<Vec<String>, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.path.clone(), i))
        .collect();
    for module in modules
        .iter()
        .filter(|m| m.path.first().is_some_and(|p| p == "server"))
    {
        for path in named_paths(&module.code) {
            if let Some((target, false)) = resolve(&module.path, &path, &by_path) {
                if !target.is_empty() && target[0] != "server" {
                    breaks.push(format!("{}: {path} (past the facade)", name(&module.path)));
                }
            }
        }
    }
    breaks.sort();
    breaks.dedup();
    assert!(breaks.is_empty(), "layering breaks: {breaks:#?}");
}
