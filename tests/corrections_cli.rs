//! `search corrections` and `search index --corrections`: a corrections
//! file of merges, renames, parents, drops and person/organisation marks
//! applied to an index of real sentences, then changed and re-applied
//! with the corpus gone (the index alone is read), and rules removed to
//! give the extracted values back.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::{titles, Workspace};

/// Each file: the organisations and people the extractor finds noted.
const CORPUS: &[(&str, &str)] = &[
    // Arsenal, Chelsea, BBC Sport (under BBC); Arsene Wenger, Jose Mourinho.
    (
        "sport.txt",
        "Wenger blames referee after Highbury defeat\n\nArsenal manager Arsene Wenger blamed the \
         referee for the 2-1 defeat by Chelsea at Highbury on Saturday. Wenger told BBC Sport that \
         the second goal was offside. Chelsea manager Jose Mourinho said his players had deserved \
         the win.\n",
    ),
    // BBC Three (under BBC), BBC, ITV; Mark Thompson.
    (
        "media.txt",
        "BBC Three to close its late-night shows\n\nThe BBC said on Tuesday that BBC Three would \
         close its late-night comedy shows to save money. Director general Mark Thompson told \
         staff the channel would keep its documentaries. Rival channel ITV said it would bid for \
         the comedy shows.\n",
    ),
    // Reuters; Lindsay Davenport, Nadia Petrova, Maria Sharapova.
    (
        "tennis.txt",
        "Davenport reaches final in Tokyo\n\nLindsay Davenport beat Nadia Petrova 6-3 6-4 to reach \
         the final of the Pan Pacific Open in Tokyo on Saturday. Davenport, the world number one, \
         will face Maria Sharapova, who told Reuters she felt strong.\n",
    ),
    // The organisation "Lindsay": a person taken for a body.
    (
        "doha.txt",
        "Petrova wins in Doha\n\nPetrova beat Lindsay in the final at Doha on Sunday. Lindsay, who \
         had won in Sydney, said her serve had let her down. Petrova will play for Russia in the \
         Fed Cup.\n",
    ),
    // Manchester United (written Man Utd), Fulham.
    (
        "held.txt",
        "Man Utd held at home\n\nMan Utd were held 0-0 by Fulham at Old Trafford on Saturday, and \
         Sir Alex Ferguson said his side had lacked a cutting edge.\n",
    ),
    // Arsenal Football Club: the extractor keeps it apart from Arsenal.
    (
        "stadium.txt",
        "New stadium to open in 2006\n\nArsenal Football Club said on Thursday that its new stadium \
         at Ashburton Grove would open in 2006, and that Highbury would be sold for flats.\n",
    ),
    // Manchester United, Everton.
    (
        "rooney.txt",
        "Rooney scores twice\n\nWayne Rooney scored twice as Manchester United beat Everton 3-0 on \
         Sunday.\n",
    ),
    // Sky News (under Sky), Sky.
    (
        "sky.txt",
        "Sky News to move studio\n\nSky News will move its main studio to west London next year, \
         the broadcaster said. Sky said the move would cost 20 million pounds.\n",
    ),
    // Goldman Sachs, Yukos, Yuganskneftegaz (written Yugansk); Steven Theede.
    (
        "business.txt",
        "Goldman Sachs advises on Yukos sale\n\nGoldman Sachs will advise the Russian government on \
         the sale of Yugansk, the main unit of Yukos, officials said in Moscow on Monday. Yukos \
         chief executive Steven Theede said the company would go to court in the United States.\n",
    ),
    // Yuganskneftegaz, without Yukos.
    (
        "auction.txt",
        "Yuganskneftegaz auction set for December\n\nRussia will auction Yuganskneftegaz, its \
         biggest oil producer, on 19 December, the justice ministry said.\n",
    ),
    // The people "Ted Baker" and "Harvey Nichols": two shops; "Douglas"
    // (an organisation) is a man.
    (
        "retail.txt",
        "Shops report Christmas sales\n\nTed Baker reported higher sales in December, and Harvey \
         Nichols said Christmas trade was good. Douglas said the crowd in Bond Street had never \
         been bigger.\n",
    ),
];

const CORRECTIONS: &str = r#"# Fixes for the sport, media and business desks.
[org]
merge = { "Arsenal Football Club" = "Arsenal" }
rename = { "Reuters" = "Thomson Reuters" }
parent = { "Yuganskneftegaz" = "Yukos", "Sky News" = "" }
drop = ["ITV", "Douglas"]
to_person = ["Lindsay"]

[person]
merge = { "Lindsay" = "Lindsay Davenport" }
to_org = ["Ted Baker", "Harvey Nichols"]
"#;

fn write_corpus(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    for (name, text) in CORPUS {
        fs::write(dir.join(name), text).unwrap();
    }
}

/// `search facets --field FIELD --json`: (value, count, units) of each value.
fn facets(ws: &Workspace, field: &str) -> Vec<(String, u64, Vec<String>)> {
    let out = ws
        .search()
        .args(["facets", "--field", field, "--top", "100", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let list: Value = serde_json::from_slice(&out).unwrap();
    list["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let units = v["children"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .map(|u| u["value"].as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (
                v["value"].as_str().unwrap().to_string(),
                v["count"].as_u64().unwrap(),
                units,
            )
        })
        .collect()
}

fn count(values: &[(String, u64, Vec<String>)], name: &str) -> Option<u64> {
    values.iter().find(|(v, ..)| v == name).map(|(_, n, _)| *n)
}

fn units(values: &[(String, u64, Vec<String>)], name: &str) -> Vec<String> {
    values
        .iter()
        .find(|(v, ..)| v == name)
        .map(|(.., u)| u.clone())
        .unwrap_or_default()
}

/// Titles of the articles a filter finds, sorted.
fn filtered(ws: &Workspace, flag: &str, value: &str) -> Vec<String> {
    let mut found = titles(&ws.query_json(&["", flag, value, "--limit", "50"]));
    found.sort();
    found
}

#[test]
fn corrections_apply_then_change_and_come_off_without_the_corpus() {
    let ws = Workspace::new();
    let news = ws.path("news");
    write_corpus(&news);
    ws.index(&[&news]);
    let orgs = facets(&ws, "org");
    assert_eq!(count(&orgs, "Arsenal Football Club"), Some(1), "{orgs:?}");
    assert_eq!(count(&orgs, "Lindsay"), Some(1));
    assert_eq!(units(&orgs, "Sky"), ["Sky News"]);
    assert_eq!(count(&orgs, "Yukos"), Some(1));

    let file = ws.path("corrections.toml");
    fs::write(&file, CORRECTIONS).unwrap();
    // A check shows what would change, and changes nothing.
    let out = ws
        .search()
        .args(["corrections", "check"])
        .arg(&file)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("would change 8 of 11 articles"), "{out}");
    assert!(
        out.contains("  org \"Arsenal Football Club\" -> \"Arsenal\": 1 article\n"),
        "{out}"
    );
    assert!(
        out.contains("  org \"Yuganskneftegaz\" -> \"Yukos/Yuganskneftegaz\": 2 articles\n"),
        "{out}"
    );
    assert!(out.contains("  org \"ITV\" dropped: 1 article\n"), "{out}");
    assert!(
        out.contains("  org \"Lindsay\" -> person \"Lindsay Davenport\": 1 article\n"),
        "{out}"
    );
    assert!(
        out.contains("  person \"Ted Baker\" -> org \"Ted Baker\": 1 article\n"),
        "{out}"
    );
    assert_eq!(facets(&ws, "org"), orgs);
    assert!(!ws.index_dir().join("corrections.toml").exists());

    ws.search()
        .args(["corrections", "apply"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains("changed 8 of 11 articles"));
    // The file is the index's own now.
    assert_eq!(
        fs::read_to_string(ws.index_dir().join("corrections.toml")).unwrap(),
        CORRECTIONS
    );
    let orgs = facets(&ws, "org");
    // Merge: one value for both names.
    assert_eq!(count(&orgs, "Arsenal"), Some(2), "{orgs:?}");
    assert_eq!(count(&orgs, "Arsenal Football Club"), None);
    // Rename.
    assert_eq!(count(&orgs, "Thomson Reuters"), Some(1));
    assert_eq!(count(&orgs, "Reuters"), None);
    // Parent: Yukos counts its unit's articles; Sky News stands alone.
    assert_eq!(count(&orgs, "Yukos"), Some(2));
    assert_eq!(units(&orgs, "Yukos"), ["Yuganskneftegaz"]);
    assert_eq!(count(&orgs, "Sky News"), Some(1));
    assert!(units(&orgs, "Sky").is_empty());
    // Drop, and the marks that move names between the facets.
    for gone in ["ITV", "Douglas", "Lindsay"] {
        assert_eq!(count(&orgs, gone), None, "{gone}");
    }
    assert_eq!(count(&orgs, "Ted Baker"), Some(1));
    assert_eq!(count(&orgs, "Harvey Nichols"), Some(1));
    let people = facets(&ws, "person");
    assert_eq!(count(&people, "Lindsay Davenport"), Some(2), "{people:?}");
    assert_eq!(count(&people, "Ted Baker"), None);
    // The filters follow.
    assert_eq!(
        filtered(&ws, "--org", "Yukos"),
        [
            "Goldman Sachs advises on Yukos sale",
            "Yuganskneftegaz auction set for December"
        ]
    );
    assert_eq!(
        filtered(&ws, "--org", "Arsenal"),
        [
            "New stadium to open in 2006",
            "Wenger blames referee after Highbury defeat"
        ]
    );
    // A name merged away still filters: it finds what it became.
    assert_eq!(
        filtered(&ws, "--org", "Arsenal Football Club"),
        filtered(&ws, "--org", "Arsenal")
    );
    // A unit under its new parent, and one made top level, by their names.
    assert_eq!(filtered(&ws, "--org", "Yuganskneftegaz").len(), 2);
    assert_eq!(
        filtered(&ws, "--org", "Sky News"),
        ["Sky News to move studio"]
    );
    assert_eq!(
        filtered(&ws, "--person", "Lindsay Davenport"),
        ["Davenport reaches final in Tokyo", "Petrova wins in Doha"]
    );
    // `show`: the corrected facets; the text as it was.
    let shown: Value = serde_json::from_slice(
        &ws.search()
            .args(["show", "--json"])
            .arg(news.join("doha.txt"))
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(shown["organisations"], serde_json::json!([]));
    assert_eq!(shown["people"], serde_json::json!(["Lindsay Davenport"]));
    assert!(shown["body"]
        .as_str()
        .unwrap()
        .starts_with("Petrova beat Lindsay"));

    // The corpus gone, the index's file edited: the rename and the drop
    // of ITV removed. Applying it reads the index alone.
    fs::remove_dir_all(&news).unwrap();
    let edited = CORRECTIONS
        .replace("rename = { \"Reuters\" = \"Thomson Reuters\" }\n", "")
        .replace("drop = [\"ITV\", \"Douglas\"]", "drop = [\"Douglas\"]");
    fs::write(ws.index_dir().join("corrections.toml"), &edited).unwrap();
    ws.search()
        .args(["corrections", "apply"])
        .assert()
        .success()
        .stdout(predicates::str::contains("changed 2 of 11 articles"));
    let orgs = facets(&ws, "org");
    assert_eq!(count(&orgs, "Reuters"), Some(1), "{orgs:?}");
    assert_eq!(count(&orgs, "Thomson Reuters"), None);
    assert_eq!(count(&orgs, "ITV"), Some(1));
    assert_eq!(count(&orgs, "Arsenal"), Some(2));
    assert_eq!(
        titles(&ws.query_json(&["offside"])),
        ["Wenger blames referee after Highbury defeat"]
    );

    // No file: every extracted value back.
    fs::remove_file(ws.index_dir().join("corrections.toml")).unwrap();
    ws.search()
        .args(["corrections", "apply"])
        .assert()
        .success()
        .stdout(predicates::str::contains("changed 6 of 11 articles"));
    let restored = facets(&ws, "org");
    assert_eq!(count(&restored, "Arsenal Football Club"), Some(1));
    assert_eq!(count(&restored, "Lindsay"), Some(1));
    assert_eq!(units(&restored, "Sky"), ["Sky News"]);
    assert_eq!(count(&restored, "Yukos"), Some(1));
    assert_eq!(count(&restored, "Ted Baker"), None);
}

#[test]
fn indexing_applies_the_corrections_to_new_and_indexed_articles() {
    let ws = Workspace::new();
    let first = ws.path("first");
    write_corpus(&first);
    ws.index(&[&first]);
    let file = ws.path("fixes.toml");
    fs::write(
        &file,
        "[org]\nmerge = { \"Arsenal Football Club\" = \"Arsenal\" }\n",
    )
    .unwrap();
    // Another file of news, indexed with the corrections: the articles
    // already in the index are corrected too.
    let second = ws.path("second");
    fs::create_dir_all(&second).unwrap();
    fs::write(
        second.join("cup.txt"),
        "Cup draw made\n\nArsenal Football Club will play Exeter in the FA Cup third round, the \
         draw made on Sunday showed.\n",
    )
    .unwrap();
    ws.search()
        .arg("index")
        .arg("--corrections")
        .arg(&file)
        .arg(&second)
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "1 of 11 indexed articles corrected",
        ));
    let orgs = facets(&ws, "org");
    assert_eq!(count(&orgs, "Arsenal"), Some(3), "{orgs:?}");
    assert_eq!(count(&orgs, "Arsenal Football Club"), None);
    // The index's own file edited: a later run without the option
    // corrects the articles it does not read, and applies it to new ones.
    let own = ws.index_dir().join("corrections.toml");
    let edited = fs::read_to_string(&own).unwrap() + "rename = { \"Everton\" = \"Everton FC\" }\n";
    fs::write(&own, edited).unwrap();
    let third = ws.path("third");
    fs::create_dir_all(&third).unwrap();
    fs::write(
        third.join("derby.txt"),
        "Derby date set\n\nArsenal Football Club will host Tottenham on 13 February, the club \
         said.\n",
    )
    .unwrap();
    ws.search()
        .arg("index")
        .arg(&third)
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "corrections: {} changed; 1 of 12 indexed articles corrected",
            own.display()
        )));
    assert_eq!(count(&facets(&ws, "org"), "Everton FC"), Some(1));
    assert_eq!(count(&facets(&ws, "org"), "Arsenal"), Some(4));
    // Unchanged since: nothing more to do.
    ws.search()
        .arg("index")
        .arg(&third)
        .assert()
        .success()
        .stderr("");
    assert_eq!(count(&facets(&ws, "org"), "Arsenal Football Club"), None);
}

#[test]
fn a_mistake_is_one_line_naming_the_file_the_line_and_what_to_do() {
    let ws = Workspace::new();
    let news = ws.path("news");
    write_corpus(&news);
    let bad = ws.path("bad.toml");
    fs::write(&bad, "# BBC fixes\n[org]\nmerge = { \"BBC\" = \"BBC\" }\n").unwrap();
    // Refused before anything is created.
    ws.search()
        .arg("index")
        .arg("--corrections")
        .arg(&bad)
        .arg(&news)
        .assert()
        .code(2)
        .stderr(format!(
            "error: {}:3: [org] \"BBC\" is merged into itself; remove this line\n",
            bad.display()
        ));
    assert!(!ws.index_dir().exists());
    ws.index(&[&news]);
    fs::write(
        &bad,
        "[org]\nparent = { \"Sky News\" = \"Sky\" }\nmerg = {}\n",
    )
    .unwrap();
    ws.search()
        .args(["corrections", "check"])
        .arg(&bad)
        .assert()
        .code(2)
        .stderr(format!(
            "error: {}:3: unknown field `merg`, expected one of `merge`, `rename`, `parent`, `drop`, `to_person`\n",
            bad.display()
        ));
    // A broken file in the index folder stops indexing, naming it.
    let own = ws.index_dir().join("corrections.toml");
    fs::write(&own, "[org]\nparent = { \"A\" = \"B\", \"B\" = \"A\" }\n").unwrap();
    ws.search()
        .arg("index")
        .arg(&news)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "{}:2: [org] parents go round in a circle (A -> B -> A); remove one of these parents",
            own.display()
        )));
    // Applying a good file replaces it.
    let good = ws.path("good.toml");
    fs::write(&good, "[org]\ndrop = [\"ITV\"]\n").unwrap();
    ws.search()
        .args(["corrections", "apply"])
        .arg(&good)
        .assert()
        .success();
    assert_eq!(count(&facets(&ws, "org"), "ITV"), None);
}

#[test]
fn check_names_the_rules_no_article_matches() {
    let ws = Workspace::new();
    let news = ws.path("news");
    write_corpus(&news);
    ws.index(&[&news]);
    let file = ws.path("corrections.toml");
    fs::write(
        &file,
        "[org]\ndrop = [\"arsenal\"]\n\n[person]\nmerge = { \"Mourinho\" = \"Jose Mourinho\" }\n",
    )
    .unwrap();
    ws.search()
        .args(["corrections", "check"])
        .arg(&file)
        .assert()
        .success()
        .stdout(predicates::str::contains("would change 0 of 11 articles"))
        .stdout(predicates::str::contains(
            "note: line 2: no article has org \"arsenal\" (the index has \"Arsenal\")",
        ))
        .stdout(predicates::str::contains(
            "note: line 5: no article has person \"Mourinho\"\n",
        ));
    let json: Value = serde_json::from_slice(
        &ws.search()
            .args(["corrections", "check", "--json"])
            .arg(&file)
            .assert()
            .success()
            .get_output()
            .stdout,
    )
    .unwrap();
    assert_eq!(json["articles"], 11);
    assert_eq!(json["applied"], false);
    assert_eq!(json["unmatched"][0]["suggestion"], "Arsenal");
}
