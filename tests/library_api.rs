//! The public API against its committed listing, `tests/public-api.txt`,
//! so a change to what embedding tools compile against (an item renamed,
//! a signature changed, a derive dropped) shows in review as a diff of
//! that file.
//!
//! The listing is read from the library's source with `syn` (rustdoc's
//! JSON needs a nightly toolchain): every `pub` item of a public module
//! and every item `pub use` re-exports, by the paths a user writes; the
//! `pub` methods, fields and variants of those types; the traits they
//! implement (derived or not). Items made by macros are not seen.
//!
//! After an intended change, regenerate the listing and commit it:
//!
//! ```sh
//! UPDATE_API=1 cargo test --test library api
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Attribute, Fields, ImplItem, Item, UseTree, Visibility};

const LISTING: &str = "tests/public-api.txt";

/// One module of the library: where its items are and how it is seen.
#[derive(Default)]
struct Module {
    items: Vec<Item>,
    /// Whether every module from the crate root down to it is `pub`.
    public: bool,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.to_token_stream().to_string().contains("test"))
}

/// Tokens as one line with the spacing `quote` gives, tidied a little.
fn text(tokens: impl ToTokens) -> String {
    tokens
        .to_token_stream()
        .to_string()
        .replace(" :: ", "::")
        .replace(" : ", ": ")
        .replace("# [", "#[")
        .replace("(mut self", "(self")
        .replace(" ,", ",")
        .replace("& ", "&")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" (", "(")
        .replace("( ", "(")
        .replace(" )", ")")
}

/// The crate's modules by path (`""` is the root, `"index::writer"`),
/// read from `lib.rs` down through `mod` declarations.
fn modules() -> BTreeMap<String, Module> {
    let mut out = BTreeMap::new();
    let root = repo().join("src/lib.rs");
    read_module(&mut out, String::new(), &root, &repo().join("src"), true);
    out
}

fn read_module(
    out: &mut BTreeMap<String, Module>,
    path: String,
    file: &Path,
    dir: &Path,
    public: bool,
) {
    let source = fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let parsed = syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    add_items(out, path, parsed.items, dir, public);
}

fn add_items(
    out: &mut BTreeMap<String, Module>,
    path: String,
    items: Vec<Item>,
    dir: &Path,
    public: bool,
) {
    let join = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}::{name}")
        }
    };
    for item in &items {
        let Item::Mod(module) = item else { continue };
        if is_test_only(&module.attrs) {
            continue;
        }
        let name = module.ident.to_string();
        let child_public = public && is_pub(&module.vis);
        match &module.content {
            Some((_, inner)) => add_items(
                out,
                join(&name),
                inner.clone(),
                &dir.join(&name),
                child_public,
            ),
            None => {
                let flat = dir.join(format!("{name}.rs"));
                let file = if flat.is_file() {
                    flat
                } else {
                    dir.join(&name).join("mod.rs")
                };
                read_module(out, join(&name), &file, &dir.join(&name), child_public);
            }
        }
    }
    out.insert(path, Module { items, public });
}

/// The name an item defines, when it defines one.
fn item_name(item: &Item) -> Option<String> {
    Some(match item {
        Item::Struct(i) => i.ident.to_string(),
        Item::Enum(i) => i.ident.to_string(),
        Item::Fn(i) => i.sig.ident.to_string(),
        Item::Const(i) => i.ident.to_string(),
        Item::Static(i) => i.ident.to_string(),
        Item::Type(i) => i.ident.to_string(),
        Item::Trait(i) => i.ident.to_string(),
        Item::Mod(i) => i.ident.to_string(),
        _ => return None,
    })
}

fn item_vis(item: &Item) -> Option<&Visibility> {
    Some(match item {
        Item::Struct(i) => &i.vis,
        Item::Enum(i) => &i.vis,
        Item::Fn(i) => &i.vis,
        Item::Const(i) => &i.vis,
        Item::Static(i) => &i.vis,
        Item::Type(i) => &i.vis,
        Item::Trait(i) => &i.vis,
        Item::Mod(i) => &i.vis,
        Item::Use(i) => &i.vis,
        _ => return None,
    })
}

/// Each leaf of a `use` tree: the path it names, and the name it binds.
fn use_leaves(tree: &UseTree, prefix: Vec<String>, out: &mut Vec<(Vec<String>, String)>) {
    match tree {
        UseTree::Path(p) => {
            let mut prefix = prefix;
            prefix.push(p.ident.to_string());
            use_leaves(&p.tree, prefix, out);
        }
        UseTree::Name(n) => {
            let mut path = prefix;
            path.push(n.ident.to_string());
            out.push((path, n.ident.to_string()));
        }
        UseTree::Rename(r) => {
            let mut path = prefix;
            path.push(r.ident.to_string());
            out.push((path, r.rename.to_string()));
        }
        UseTree::Group(g) => {
            for tree in &g.items {
                use_leaves(tree, prefix.clone(), out);
            }
        }
        UseTree::Glob(_) => panic!("a glob re-export: list its items by name"),
    }
}

/// The module and item a path names from module `from` (through `use`
/// declarations of any visibility), or `None` for another crate's.
fn resolve(
    modules: &BTreeMap<String, Module>,
    from: &str,
    path: &[String],
    depth: usize,
) -> Option<(String, Item)> {
    assert!(depth < 16, "a use cycle at {from}: {path:?}");
    let mut module: Vec<String> = if from.is_empty() {
        Vec::new()
    } else {
        from.split("::").map(String::from).collect()
    };
    let (name, steps) = path.split_last()?;
    for step in steps {
        match step.as_str() {
            "crate" => module.clear(),
            "self" => {}
            "super" => {
                module.pop();
            }
            other => module.push(other.to_string()),
        }
    }
    let here = module.join("::");
    let found = modules.get(&here)?;
    for item in &found.items {
        if item_name(item).as_deref() == Some(name.as_str()) && !matches!(item, Item::Mod(_)) {
            return Some((here, item.clone()));
        }
    }
    for item in &found.items {
        let Item::Use(using) = item else { continue };
        let mut leaves = Vec::new();
        use_leaves(&using.tree, Vec::new(), &mut leaves);
        for (target, bound) in leaves {
            if &bound == name {
                return resolve(modules, &here, &target, depth + 1);
            }
        }
    }
    None
}

/// The derives and `non_exhaustive` of an item, as part of its line.
fn marks(attrs: &[Attribute]) -> String {
    let mut out = Vec::new();
    for attr in attrs {
        if attr.path().is_ident("derive") || attr.path().is_ident("non_exhaustive") {
            out.push(text(attr));
        }
    }
    if out.is_empty() {
        String::new()
    } else {
        format!("{} ", out.join(" "))
    }
}

/// The lines of one public item, named `at` (its public path).
fn item_lines(at: &str, item: &Item, out: &mut BTreeSet<String>) {
    match item {
        Item::Struct(s) => {
            out.insert(format!(
                "{at}: {}struct{}",
                marks(&s.attrs),
                text(&s.generics)
            ));
            let fields = match &s.fields {
                Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
                Fields::Unnamed(unnamed) => unnamed.unnamed.iter().collect(),
                Fields::Unit => Vec::new(),
            };
            for (n, field) in fields.into_iter().enumerate() {
                if is_pub(&field.vis) {
                    let name = field
                        .ident
                        .as_ref()
                        .map_or_else(|| n.to_string(), ToString::to_string);
                    out.insert(format!("{at}.{name}: {}", text(&field.ty)));
                }
            }
        }
        Item::Enum(e) => {
            out.insert(format!(
                "{at}: {}enum{}",
                marks(&e.attrs),
                text(&e.generics)
            ));
            for variant in &e.variants {
                out.insert(format!("{at}::{}{}", variant.ident, text(&variant.fields)));
            }
        }
        Item::Fn(f) => {
            out.insert(format!("{at}: {}", text(&f.sig)));
        }
        Item::Const(c) => {
            out.insert(format!("{at}: const {}", text(&c.ty)));
        }
        Item::Static(s) => {
            out.insert(format!("{at}: static {}", text(&s.ty)));
        }
        Item::Type(t) => {
            out.insert(format!("{at}: type{} = {}", text(&t.generics), text(&t.ty)));
        }
        Item::Trait(t) => {
            out.insert(format!("{at}: trait{}", text(&t.generics)));
            for inner in &t.items {
                if let syn::TraitItem::Fn(f) = inner {
                    out.insert(format!("{at}::{}: {}", f.sig.ident, text(&f.sig)));
                }
            }
        }
        _ => {}
    }
}

/// The last segment of an impl's self type (`Indexer` of `Indexer<'_>`).
fn self_type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

fn listing() -> String {
    let modules = modules();
    let mut lines = BTreeSet::new();
    // Public path of each public type, by (defining module, name).
    let mut types: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    let mut add = |at: String, module: &str, item: &Item, lines: &mut BTreeSet<String>| {
        item_lines(&at, item, lines);
        if let Some(name) = item_name(item) {
            types
                .entry((module.to_string(), name))
                .or_default()
                .insert(at);
        }
    };
    for (path, module) in &modules {
        if !module.public {
            continue;
        }
        let public = |name: &str| {
            if path.is_empty() {
                format!("newsindex::{name}")
            } else {
                format!("newsindex::{path}::{name}")
            }
        };
        for item in &module.items {
            if !item_vis(item).is_some_and(is_pub) {
                continue;
            }
            match item {
                Item::Use(using) => {
                    let mut leaves = Vec::new();
                    use_leaves(&using.tree, Vec::new(), &mut leaves);
                    for (target, bound) in leaves {
                        match resolve(&modules, path, &target, 0) {
                            Some((defined_in, found)) => {
                                add(public(&bound), &defined_in, &found, &mut lines)
                            }
                            None => {
                                lines.insert(format!(
                                    "{}: re-export of {}",
                                    public(&bound),
                                    target.join("::")
                                ));
                            }
                        }
                    }
                }
                Item::Mod(m) => {
                    lines.insert(format!("{}: mod", public(&m.ident.to_string())));
                }
                other => {
                    if let Some(name) = item_name(other) {
                        add(public(&name), path, other, &mut lines);
                    }
                }
            }
        }
    }
    // Methods and trait impls, wherever the impl block is, of the public
    // types (matched by name within the crate).
    let by_name: BTreeMap<&str, Vec<&String>> =
        types
            .iter()
            .fold(BTreeMap::new(), |mut map, ((_, name), paths)| {
                map.entry(name.as_str()).or_default().extend(paths.iter());
                map
            });
    for module in modules.values() {
        let mut stack: Vec<&Item> = module.items.iter().collect();
        while let Some(item) = stack.pop() {
            let Item::Impl(block) = item else { continue };
            if is_test_only(&block.attrs) {
                continue;
            }
            let Some(name) = self_type_name(&block.self_ty) else {
                continue;
            };
            let Some(paths) = by_name.get(name.as_str()) else {
                continue;
            };
            for at in paths {
                match &block.trait_ {
                    Some((negative, trait_path, _)) => {
                        let bang = if negative.is_some() { "!" } else { "" };
                        lines.insert(format!("{at}: impl {bang}{}", text(trait_path)));
                    }
                    None => {
                        for inner in &block.items {
                            match inner {
                                ImplItem::Fn(f) if is_pub(&f.vis) => {
                                    lines.insert(format!(
                                        "{at}::{}: {}",
                                        f.sig.ident,
                                        text(&f.sig)
                                    ));
                                }
                                ImplItem::Const(c) if is_pub(&c.vis) => {
                                    lines.insert(format!(
                                        "{at}::{}: const {}",
                                        c.ident,
                                        text(&c.ty)
                                    ));
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
    }
    let mut out = String::new();
    for line in lines {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn the_public_api_matches_its_committed_listing() {
    let now = listing();
    let file = repo().join(LISTING);
    if std::env::var_os("UPDATE_API").is_some() {
        fs::write(&file, &now).unwrap();
        return;
    }
    let committed = fs::read_to_string(&file).unwrap_or_default();
    if committed != now {
        let before: BTreeSet<&str> = committed.lines().collect();
        let after: BTreeSet<&str> = now.lines().collect();
        let mut diff = String::new();
        for gone in before.difference(&after) {
            diff.push_str(&format!("- {gone}\n"));
        }
        for new in after.difference(&before) {
            diff.push_str(&format!("+ {new}\n"));
        }
        panic!(
            "the public API differs from {LISTING}:\n{diff}\nIf the change is intended, \
             regenerate the listing with `UPDATE_API=1 cargo test --test library api` and \
             commit it (a removed or changed line breaks the tools that embed the library)."
        );
    }
}

/// The listing sees what it must: re-exports by their public path,
/// methods from impl blocks in other modules, fields, variants, derives.
#[test]
fn the_listing_names_reexports_methods_fields_and_variants() {
    let now = listing();
    for expected in [
        "newsindex::Indexer::update: fn update(&mut self, article: Article) -> Result<()>",
        "newsindex::NewsIndex::article_by_key: fn article_by_key(&self, key: &str) -> Result<IndexedArticle>",
        "newsindex::Article.key: Option<String>",
        "newsindex::Error::ReadOnly(PathBuf)",
        "newsindex::extract::Amount: #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)] struct",
    ] {
        assert!(
            now.lines().any(|line| line == expected),
            "{expected:?} missing from:\n{now}"
        );
    }
    assert!(!now.contains("pub(crate)"), "crate-private items stay out");
    assert!(
        !now.contains("delete_matching"),
        "pub(crate) methods stay out"
    );
}
