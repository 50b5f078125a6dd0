//! Each article's language is detected at index time: the `lang` facet,
//! the `--lang` filter and `lang` in JSON hits.

use std::path::Path;

use serde_json::Value;

use super::Workspace;

fn languages() -> Workspace {
    let ws = Workspace::new();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/languages");
    ws.index(&[&fixtures]);
    ws
}

fn titles(results: &Value) -> Vec<String> {
    let mut titles: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    titles
}

#[test]
fn each_article_has_its_language() {
    let ws = languages();
    let fr = ws.query_json(&["", "--lang", "fr"]);
    assert_eq!(titles(&fr), ["Les élections régionales"]);
    assert_eq!(fr["hits"][0]["lang"], "fr");
    let any = ws.query_json(&["", "--lang", "DE", "--lang", "/lang/ru"]);
    assert_eq!(titles(&any), ["Landtagswahl in Bayern", "Выборы в Москве"]);
    let es = ws.query_json(&["participación", "--lang", "es"]);
    assert_eq!(titles(&es), ["Elecciones en Andalucía"]);
    // An English query word finds the English article only in English.
    let en = ws.query_json(&["elections", "--lang", "en"]);
    assert_eq!(titles(&en), ["Regional elections in France"]);
    // Too short to tell: no language, in no --lang.
    let short = ws.query_json(&["oil"]);
    assert_eq!(short["total_hits"], 1);
    assert!(short["hits"][0].get("lang").is_none(), "{short}");
}

#[test]
fn facets_count_languages() {
    let ws = languages();
    let out = ws
        .search()
        .args(["facets", "--field", "lang", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let facets: Value = serde_json::from_slice(&out).unwrap();
    let values: Vec<(String, u64)> = facets["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["value"].as_str().unwrap().into(),
                v["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = ["de", "en", "es", "fr", "ru"]
        .iter()
        .map(|code| (code.to_string(), 1))
        .collect();
    assert_eq!(values, expected);
    assert_eq!(facets["total_hits"], 6);
}

#[test]
fn a_language_no_article_has_is_reported() {
    let ws = languages();
    ws.search()
        .args(["query", "", "--lang", "it"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no articles with language \"it\"",
        ));
}

/// A French article is stemmed as French: an inflection English stemming
/// does not join (`électoral` / `électorales`) finds it, ranks it first
/// and is highlighted; an English query still finds the English article.
#[test]
fn french_inflections_find_the_french_article() {
    let ws = Workspace::new();
    let news = ws.path("news");
    std::fs::create_dir(&news).unwrap();
    std::fs::write(
        news.join("fr.txt"),
        "Législatives : la gauche arrive en tête\n\n\
         Les électeurs ont voté dimanche lors des élections législatives anticipées. \
         Selon le ministère de l'Intérieur, la participation a atteint 67 %. Les résultats \
         définitifs des circonscriptions électorales seront publiés mardi.\n",
    )
    .unwrap();
    std::fs::write(
        news.join("en.txt"),
        "Electoral reform bill passes\n\n\
         The parliament passed an electoral reform bill on Tuesday, the government said, \
         and the new rules on voting take effect before the next general election.\n",
    )
    .unwrap();
    ws.index(&[&news]);
    let results = ws.query_json(&["électoral", "--lang", "fr"]);
    assert_eq!(
        titles(&results),
        ["Législatives : la gauche arrive en tête"]
    );
    let hit = &results["hits"][0];
    assert_eq!(hit["lang"], "fr");
    let text = hit["snippet"]["text"].as_str().unwrap();
    let marked: Vec<&str> = hit["snippet"]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|range| {
            let (start, end) = (range[0].as_u64().unwrap(), range[1].as_u64().unwrap());
            &text[start as usize..end as usize]
        })
        .collect();
    assert_eq!(marked, ["électorales"]);
    // Without a filter the French article ranks first for its own forms.
    let all = ws.query_json(&["électorales"]);
    assert_eq!(
        all["hits"][0]["title"],
        "Législatives : la gauche arrive en tête"
    );
    // English is analysed as before.
    let english = ws.query_json(&["reforms", "--lang", "en"]);
    assert_eq!(titles(&english), ["Electoral reform bill passes"]);
}
