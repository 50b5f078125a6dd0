//! People of real sentences, written for these tests.

use crate::extract::{extract, extract_with_evidence, EntityKind, TextField};

fn people(title: &str, body: &str) -> Vec<String> {
    extract(title, body).people
}

#[test]
fn surnames_link_to_the_full_name() {
    let body = "Prime Minister Tony Blair has defended his record on schools. \
                Mr Blair told MPs the reforms were working. Blair's critics disagree.";
    assert_eq!(people("", body), ["Tony Blair"]);
}

#[test]
fn a_surname_before_the_full_name_still_links() {
    let body = "Brown said the economy was strong. Chancellor Gordon Brown made the \
                remarks in his pre-budget report.";
    assert_eq!(people("", body), ["Gordon Brown"]);
}

#[test]
fn two_people_sharing_a_surname_stay_two() {
    let body = "Venus Williams beat Lindsay Davenport in the first match. Her sister \
                Serena Williams lost later in the day. Williams said she was tired.";
    let p = people("", body);
    assert!(p.contains(&"Venus Williams".to_string()), "{p:?}");
    assert!(p.contains(&"Serena Williams".to_string()), "{p:?}");
    assert!(p.contains(&"Lindsay Davenport".to_string()), "{p:?}");
    assert!(!p.contains(&"Williams".to_string()), "{p:?}");
    assert_eq!(p.len(), 3, "{p:?}");
}

#[test]
fn the_shared_surname_goes_to_the_person_mentioned_last() {
    let body = "Venus Williams won on Monday. Serena Williams lost on Tuesday, and \
                Williams said she would rest.";
    let (_, entities) = extract_with_evidence("", body, None);
    let serena = entities
        .iter()
        .find(|e| e.kind == EntityKind::Person && e.canonical == "Serena Williams")
        .expect("Serena Williams");
    assert_eq!(serena.forms, ["Serena Williams", "Williams"]);
}

#[test]
fn honorifics_and_roles_are_stripped() {
    let body = "Dr John Reid, the health secretary, met Mrs Thatcher. England coach \
                Andy Robinson and President George W Bush were not there.";
    let p = people("", body);
    for want in ["John Reid", "Thatcher", "Andy Robinson", "George W Bush"] {
        assert!(p.contains(&want.to_string()), "{want}: {p:?}");
    }
    assert!(
        !p.iter()
            .any(|n| n.starts_with("Dr") || n.starts_with("Mrs")),
        "{p:?}"
    );
    assert!(
        !p.iter()
            .any(|n| n.contains("coach") || n.contains("President")),
        "{p:?}"
    );
}

#[test]
fn peers_and_popes_keep_their_title() {
    let body = "Lord Falconer said the bill would pass. Pope John Paul II was taken to \
                hospital in Rome on Thursday.";
    let p = people("", body);
    assert!(p.contains(&"Lord Falconer".to_string()), "{p:?}");
    assert!(p.contains(&"Pope John Paul II".to_string()), "{p:?}");
}

#[test]
fn possessives_never_enter_a_name() {
    let body = "Sir Alex Ferguson's side won again. Ferguson's players were delighted.";
    assert_eq!(people("", body), ["Alex Ferguson"]);
}

#[test]
fn a_demonym_that_is_a_first_name_is_no_country() {
    let body = "Economy minister German Gref told the newspaper that state control of \
                oil was unjustified. Mr Gref spoke in Moscow.";
    let f = extract("", body);
    assert!(
        f.people.contains(&"German Gref".to_string()),
        "{:?}",
        f.people
    );
    assert!(
        !f.countries.contains(&"Germany".to_string()),
        "{:?}",
        f.countries
    );
    assert!(
        f.countries.contains(&"Russia".to_string()),
        "{:?}",
        f.countries
    );
    // A nationality before a full name is still a country.
    let f = extract("", "German Michael Schumacher won the race in Spain.");
    assert!(
        f.countries.contains(&"Germany".to_string()),
        "{:?}",
        f.countries
    );
}

#[test]
fn organisations_named_after_people_are_not_people() {
    let body = "Morgan Stanley said profits rose. Ford said its new Focus would sell \
                well, and Marks & Spencer raised prices.";
    let f = extract("", body);
    assert!(f.people.is_empty(), "{:?}", f.people);
    assert!(
        f.organisations.iter().any(|o| o == "Morgan Stanley"),
        "{:?}",
        f.organisations
    );
}

#[test]
fn adjectives_and_families_are_not_people() {
    let body = "Blairite ministers backed the plan. The Glazers want control of the club, \
                Malcolm Glazer said.";
    let p = people("", body);
    assert_eq!(p, ["Malcolm Glazer"]);
}

#[test]
fn a_person_is_not_also_an_organisation() {
    let body = "Fabien Pelous will lead France. Pelous said the team was ready, and \
                Lindsay Davenport agreed.";
    let f = extract("", body);
    for name in ["Fabien Pelous", "Lindsay Davenport"] {
        assert!(
            f.people.contains(&name.to_string()),
            "{name}: {:?}",
            f.people
        );
    }
    assert!(
        !f.organisations
            .iter()
            .any(|o| o.contains("Pelous") || o.contains("Lindsay")),
        "{:?}",
        f.organisations
    );
}

#[test]
fn evidence_carries_mentions_with_offsets() {
    let title = "Blair defends school plans";
    let body = "Tony Blair spoke on Monday.\nMr  Blair said more.";
    let (facets, entities) = extract_with_evidence(title, body, None);
    assert_eq!(facets.people, ["Tony Blair"]);
    let blair = entities
        .iter()
        .find(|e| e.kind == EntityKind::Person)
        .expect("a person");
    assert_eq!(blair.canonical, "Tony Blair");
    assert_eq!(blair.forms, ["Tony Blair", "Blair"]);
    assert_eq!(blair.count, 3);
    let m = &blair.mentions;
    assert_eq!(
        (m[0].field, &title[m[0].start..m[0].end]),
        (TextField::Title, "Blair")
    );
    assert_eq!(&body[m[1].start..m[1].end], "Tony Blair");
    assert_eq!(&body[m[2].start..m[2].end], "Blair");
}

#[test]
fn people_serialise_even_when_empty() {
    let json = serde_json::to_string(&extract("", "Shares rose.")).expect("json");
    assert!(json.contains("\"people\":[]"), "{json}");
}

#[test]
fn a_name_ending_in_a_body_or_event_word_is_no_person() {
    let body = "The Bill Gates Foundation gave $750m to vaccine programmes. The film \
                won three Academy Awards last year.";
    let p = people("", body);
    assert!(
        !p.iter()
            .any(|n| n.contains("Foundation") || n.contains("Awards")),
        "{p:?}"
    );
}

#[test]
fn a_lone_word_also_written_in_lower_case_is_no_person() {
    let body = "The Open starts on Monday and the draw is open to everyone. \
                Election day is near, and the election will be close.";
    assert!(people("", body).is_empty(), "{:?}", people("", body));
}

#[test]
fn more_first_names_open_full_names() {
    let body = "The cast includes Keanu Reeves and Gemma Jackson, who met at a party.";
    let p = people("", body);
    assert!(p.contains(&"Keanu Reeves".to_string()), "{p:?}");
    assert!(p.contains(&"Gemma Jackson".to_string()), "{p:?}");
}

#[test]
fn a_works_title_named_after_a_character_is_no_person() {
    let body = "The period drama Vera Drake leads the nominations. Vera Drake star \
                Imelda Staunton said she was thrilled, and Vera Drake may win again.";
    let p = people("", body);
    assert!(!p.iter().any(|n| n.contains("Drake")), "{p:?}");
    assert!(p.contains(&"Imelda Staunton".to_string()), "{p:?}");
}

#[test]
fn a_film_word_before_a_role_keeps_the_person() {
    let body = "The film director Mike Leigh said the cast had worked for months.";
    assert_eq!(people("", body), ["Mike Leigh"]);
}

#[test]
fn play_before_a_player_is_a_verb() {
    let body = "Andy Roddick will play Cyril Saulnier in the final on Sunday.";
    let p = people("", body);
    assert!(p.contains(&"Cyril Saulnier".to_string()), "{p:?}");
}

/// The tagger skips, for people, only lone words its spans lose anyway:
/// titles and openers, and a place alone ("Japan"); a place after a role
/// ("coach Jordan") and an initial glued to a surname ("O'Neill") are
/// still read.
#[test]
fn runs_skipped_for_people_are_only_titles_openers_and_places() {
    let toks = crate::extract::token::tokenize("Mr said The coach Jordan O'Neill Japan");
    let place = |k: usize| matches!(toks[k].text, "Jordan" | "Japan" | "O");
    let lone = |k: usize| super::may_name(&toks, k..k + 1, place);
    assert!(!lone(0) && !lone(2), "Mr, The");
    assert!(lone(4) && lone(5), "Jordan, O");
    assert!(!lone(8), "Japan");
    assert!(super::may_name(&toks, 0..2, place));
}
