use super::*;

fn values(orgs: &[&[&str]], people: &[&str], countries: &[&str]) -> EntityValues {
    let strings = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    EntityValues {
        organisations: orgs.iter().map(|p| strings(p)).collect(),
        people: strings(people),
        countries: strings(countries),
        about: strings(countries),
    }
}

fn parse(text: &str) -> Corrections {
    Corrections::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

fn error(text: &str) -> String {
    Corrections::parse(text).unwrap_err().to_string()
}

#[test]
fn merge_gathers_several_names_into_one_value() {
    let c = parse(
        r#"
[org]
merge = { "Man Utd" = "Manchester United", "Man United" = "Manchester United" }
"#,
    );
    let got = c.apply(&values(
        &[&["Man Utd"], &["Man United"], &["Arsenal"]],
        &[],
        &[],
    ));
    assert_eq!(
        got.organisations,
        [vec!["Manchester United"], vec!["Arsenal"]]
    );
}

#[test]
fn rename_also_renames_the_parent_in_its_units_paths() {
    let c = parse("[org]\nrename = { \"Sky\" = \"BSkyB\" }\n");
    let got = c.apply(&values(&[&["Sky"], &["Sky", "Sky Sports"]], &[], &[]));
    assert_eq!(
        got.organisations,
        [vec!["BSkyB"], vec!["BSkyB", "Sky Sports"]]
    );
    let changes = c.changes_under(&values(&[&["Sky", "Sky Sports"]], &[], &[]), &|_| None);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].value, "Sky/Sky Sports");
    assert_eq!(changes[0].to.as_deref(), Some("BSkyB/Sky Sports"));
}

#[test]
fn parent_puts_a_value_under_another_and_empty_makes_it_top_level() {
    let c = parse(
        r#"
[org]
parent = { "BBC Three" = "BBC", "Sky News" = "", "BBC" = "Public broadcasters" }
"#,
    );
    let got = c.apply(&values(
        &[&["BBC Three"], &["Sky", "Sky News"], &["BBC", "BBC Sport"]],
        &[],
        &[],
    ));
    assert_eq!(
        got.organisations,
        [
            vec!["Public broadcasters", "BBC", "BBC Three"],
            vec!["Sky News"],
            vec!["Public broadcasters", "BBC", "BBC Sport"],
        ]
    );
}

#[test]
fn a_merged_unit_keeps_its_place_and_a_unit_merged_into_its_parent_is_the_parent() {
    let c = parse("[org]\nmerge = { \"ITV1\" = \"ITV\", \"Sky News Online\" = \"Sky News\" }\n");
    let got = c.apply(&values(
        &[&["ITV", "ITV1"], &["Sky", "Sky News Online"]],
        &[],
        &[],
    ));
    assert_eq!(got.organisations, [vec!["ITV"], vec!["Sky", "Sky News"]]);
}

#[test]
fn drop_removes_a_value_and_a_dropped_parent_leaves_its_units_on_top() {
    let c = parse("[org]\ndrop = [\"House\", \"Academy\"]\n[person]\ndrop = [\"Douglas\"]\n");
    let got = c.apply(&values(
        &[&["House"], &["Academy", "Brixton Academy"], &["BBC"]],
        &["Douglas", "Tony Blair"],
        &[],
    ));
    assert_eq!(got.organisations, [vec!["Brixton Academy"], vec!["BBC"]]);
    assert_eq!(got.people, ["Tony Blair"]);
}

#[test]
fn marks_move_names_between_people_and_organisations() {
    let c = parse(
        r#"
[org]
to_person = ["Nadia Petrova"]
[person]
to_org = ["Goldman Sachs"]
merge = { "Nadia Petrova" = "Nadia Petrova (tennis)" }
"#,
    );
    let got = c.apply(&values(
        &[&["Nadia Petrova"], &["BBC"]],
        &["Goldman Sachs", "Tony Blair"],
        &[],
    ));
    assert_eq!(got.organisations, [vec!["BBC"], vec!["Goldman Sachs"]]);
    assert_eq!(got.people, ["Nadia Petrova (tennis)", "Tony Blair"]);
    let changes = c.changes_under(&values(&[&["Nadia Petrova"]], &[], &[]), &|_| None);
    assert_eq!(changes[0].to_facet, Section::Person);
}

#[test]
fn countries_are_corrected_in_both_country_facets() {
    let c = parse("[country]\nrename = { \"Burma\" = \"Myanmar\" }\ndrop = [\"Germany\"]\n");
    let got = c.apply(&values(&[], &[], &["Germany", "Burma"]));
    assert_eq!(got.countries, ["Myanmar"]);
    assert_eq!(got.about, ["Myanmar"]);
}

#[test]
fn chains_of_merges_end_at_the_last_name() {
    let c =
        parse("[person]\nmerge = { \"Blair\" = \"T. Blair\", \"T. Blair\" = \"Tony Blair\" }\n");
    assert_eq!(
        c.apply(&values(&[], &["Blair"], &[])).people,
        ["Tony Blair"]
    );
}

#[test]
fn no_rule_changes_nothing() {
    let original = values(&[&["BBC", "BBC Sport"]], &["Tony Blair"], &["France"]);
    assert_eq!(Corrections::default().apply(&original), original);
    assert!(Corrections::default()
        .changes_under(&original, &|_| Some("X".into()))
        .is_empty());
    assert_eq!(
        Corrections::default().apply_under(&original, &|_| Some("X".into())),
        original
    );
    assert!(parse("# nothing yet\n").is_empty());
}

#[test]
fn subjects_name_every_value_a_rule_is_about_with_its_line() {
    let c =
        parse("[org]\ndrop = [\"House\"]\n\n[person]\nmerge = { \"Blair\" = \"Tony Blair\" }\n");
    let mut subjects = c.subjects();
    subjects.sort();
    assert_eq!(
        subjects,
        [(Section::Org, "House", 2), (Section::Person, "Blair", 5)]
    );
}

#[test]
fn errors_name_the_line_and_what_to_do() {
    assert_eq!(
        error("[org]\ndrop = [\"x\"]\nmerg = {}\n"),
        "<text>:3: unknown field `merg`, expected one of `merge`, `rename`, `parent`, `drop`, `to_person`"
    );
    assert!(error("[people]\n").starts_with("<text>:1: unknown field `people`"));
    assert_eq!(
        error("[org]\n\nmerge = { \"BBC\" = \"BBC\" }\n"),
        "<text>:3: [org] \"BBC\" is merged into itself; remove this line"
    );
    assert_eq!(
        error("[person]\nmerge = { \"A\" = \"B\" }\nrename = { \"A\" = \"C\" }\n"),
        "<text>:3: [person] \"A\" is merged into \"B\" and renamed to \"C\"; keep one"
    );
    assert_eq!(
        error("[org]\nmerge = { \"A\" = \"B\", \"B\" = \"A\" }\n"),
        "<text>:2: [org] names merged or renamed round in a circle (A -> B -> A); keep one direction"
    );
    assert_eq!(
        error("[org]\nparent = { \"A\" = \"B\" }\n\nparent2 = 1\n"),
        "<text>:4: unknown field `parent2`, expected one of `merge`, `rename`, `parent`, `drop`, `to_person`"
    );
    assert_eq!(
        error("[org]\nparent = { \"A\" = \"B\",\n \"B\" = \"C\",\n \"C\" = \"A\" }\n"),
        "<text>:2: [org] parents go round in a circle (A -> B -> C -> A); remove one of these parents"
    );
    assert_eq!(
        error("[org]\nparent = { \"BBC\" = \"BBC\" }\n"),
        "<text>:2: [org] \"BBC\" is made its own parent; remove this line"
    );
    assert_eq!(
        error("[org]\nmerge = { \"A\" = \"B\" }\ndrop = [\"A\"]\n"),
        "<text>:3: [org] \"A\" is dropped and merged or renamed to \"B\"; keep one"
    );
    assert_eq!(
        error("[person]\ndrop = [\" \"]\n"),
        "<text>:2: an empty name in [person] drop; write each value as `search facets --field person` lists it"
    );
    assert!(
        error("[country]\nparent = { \"Wales\" = \"United Kingdom\" }\n").starts_with(
            "<text>:2: unknown field `parent`, expected one of `merge`, `rename`, `drop`"
        )
    );
    assert!(error("[org]\ndrop = \"House\"\n").starts_with("<text>:2: invalid type"));
    assert!(error("[org\n").starts_with("<text>:1: "));
}

#[test]
fn every_error_is_one_line() {
    for text in ["[org\n", "[org]\nmerge = [1, 2]\n", "x = \"\"\"\nab\n"] {
        let message = error(text);
        assert!(!message.contains('\n'), "{message}");
    }
}

#[test]
fn a_file_that_cannot_be_read_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("corrections.toml");
    let err = Corrections::from_file(&missing).unwrap_err();
    assert!(matches!(err, CorrectionsError::Read { .. }));
    assert!(err.to_string().starts_with(&missing.display().to_string()));
    // An index folder without a file has no corrections.
    assert!(Corrections::of_index(dir.path()).unwrap().is_empty());
    std::fs::write(&missing, "[org]\ndrop = [\"House\"]\n").unwrap();
    let c = Corrections::of_index(dir.path()).unwrap();
    assert_eq!(c.path(), Some(missing.as_path()));
    assert!(c.text().contains("House"));
}

/// The README's example file parses, and the fixture its commands use.
#[test]
fn the_readme_example_and_the_fixture_parse() {
    let readme = include_str!("../../README.md");
    let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let c = parse(block);
    let got = c.apply(&values(
        &[&["Lindsay"], &["BBC Three"]],
        &["Ted Baker"],
        &["Burma"],
    ));
    assert_eq!(
        got.organisations,
        [vec!["BBC", "BBC Three"], vec!["Ted Baker"]]
    );
    assert_eq!(got.people, ["Lindsay Davenport"]);
    assert_eq!(got.countries, ["Myanmar"]);
    parse(include_str!("../../tests/fixtures/corrections.toml"));
}

/// Off its extracted path, an organisation goes under the parent the
/// hierarchy gives; on it, it keeps the extracted place.
#[test]
fn a_value_taken_out_of_its_place_is_put_where_the_hierarchy_says() {
    let c = parse(
        r#"
[org]
parent = { "Newsnight" = "BBC Two" }
rename = { "Beeb Sport" = "BBC Sport" }
[person]
to_org = ["BBC Radio 4"]
"#,
    );
    let bbc = |name: &str| name.starts_with("BBC ").then(|| "BBC".to_string());
    let got = c.apply_under(
        &values(
            &[&["Newsnight"], &["Beeb Sport"], &["BBC", "BBC One"]],
            &["BBC Radio 4"],
            &[],
        ),
        &bbc,
    );
    assert_eq!(
        got.organisations,
        [
            vec!["BBC", "BBC Two", "Newsnight"],
            vec!["BBC", "BBC Sport"],
            vec!["BBC", "BBC One"],
            vec!["BBC", "BBC Radio 4"],
        ]
    );
    // Without a hierarchy: on top.
    let got = c.apply(&values(&[&["Newsnight"]], &[], &[]));
    assert_eq!(got.organisations, [vec!["BBC Two", "Newsnight"]]);
}
