//! The country module's behaviour: names, references and salience, as
//! [`rank`] gives them.

use super::score::Ranked;
use super::*;

/// The salient countries (`about`).
fn c(title: &str, body: &str) -> Vec<String> {
    rank(title, body, OrgSpans::default(), OrgSpans::default()).about
}

/// Every country referred to, with its number of references.
fn all(title: &str, body: &str) -> Vec<(String, u32)> {
    rank(title, body, OrgSpans::default(), OrgSpans::default()).countries
}

/// [`rank`] of an untitled `body` in which the caller found `company`
/// (its first occurrence) as a company's name.
fn rank_with_company(body: &str, company: &str) -> Ranked {
    let start = body.find(company).unwrap();
    let span = start..start + company.len();
    let spans = std::slice::from_ref(&span);
    let orgs = OrgSpans {
        companies: spans,
        all: spans,
        people: &[],
    };
    rank("", body, OrgSpans::default(), orgs)
}

#[test]
fn user_names_resolve_to_the_canonical_country() {
    for (name, want) in [
        ("Andorra", "Andorra"),
        ("Barbados", "Barbados"),
        ("Montenegro", "Montenegro"),
        ("Kosovo", "Kosovo"),
        // Other-language names still resolve, to the English one.
        ("Andorre", "Andorra"),
        ("Crna Gora", "Montenegro"),
        ("UK", "United Kingdom"),
        ("Britain", "United Kingdom"),
        ("england", "United Kingdom"),
        ("U.S.", "United States"),
        ("USA", "United States"),
        ("united states", "United States"),
        ("German", "Germany"),
        ("South Korea", "South Korea"),
    ] {
        assert_eq!(canonical_country(name), Some(want), "{name}");
    }
    for name in ["London", "Europe", "yen", "Untied Kingdom", ""] {
        assert_eq!(canonical_country(name), None, "{name}");
    }
}

#[test]
fn names_codes_and_adjectives() {
    assert_eq!(
        c(
            "U.S. and Russian presidents meet",
            "The U.S. and Russian presidents met."
        ),
        ["United States", "Russia"]
    );
    assert_eq!(
        c("UK-USA talks", "Talks between the UK and the USA ended."),
        ["United Kingdom", "United States"]
    );
    assert_eq!(
        c(
            "British, Japanese and West German officials meet",
            "They met in Paris."
        ),
        ["United Kingdom", "Japan", "West Germany"]
    );
    assert_eq!(
        c(
            "",
            "South Korea's exports and Korean banks rose, the Koreans said."
        ),
        ["South Korea"]
    );
    assert_eq!(
        c("", "Soviet grain purchases from the U.S.S.R. rose."),
        ["Soviet Union"]
    );
    assert_eq!(c("Nigerien uranium", "Exports rose."), ["Niger"]);
}

#[test]
fn a_passing_mention_is_not_enough() {
    // The lead is about Britain; Japan is mentioned once further on.
    let body = "Britain's economy grew faster than expected, the Treasury said. \
                Britain's growth beat forecasts. Exports to Japan rose.";
    assert_eq!(c("", body), ["United Kingdom"]);
    // ... but a single mention is kept when it is all there is.
    assert_eq!(
        c("", "Cisco will invest $1 billion in Skolkovo, near Moscow."),
        ["Russia"]
    );
}

#[test]
fn a_country_named_once_is_referred_to_but_not_about() {
    let body = "Britain's economy grew faster than expected, the Treasury said. \
                Britain's growth beat forecasts. Exports to Japan rose.";
    assert_eq!(
        all("", body),
        [("United Kingdom".to_string(), 2), ("Japan".to_string(), 1)]
    );
    assert_eq!(c("", body), ["United Kingdom"]);
}

#[test]
fn metonyms_are_not_references() {
    let body = "Downing Street said the plan was sound. Whitehall officials and \
                Wall Street bankers agreed, as did the Kremlin. Holyrood and \
                Westminster were silent.";
    // The best of them is still what the article is about, with no
    // reference; the others are neither.
    assert_eq!(all("", body), [("United Kingdom".to_string(), 0)]);
    assert_eq!(c("", body), ["United Kingdom"]);
    // Used literally, the city is a reference.
    assert_eq!(
        all("", "Talks in London and Moscow ended."),
        [("United Kingdom".to_string(), 1), ("Russia".to_string(), 1)]
    );
}

#[test]
fn names_inside_other_names_are_not_references() {
    let body = "The Bank of England held rates. Bayern Munich beat Real Madrid.";
    assert!(
        all("", body).iter().all(|(_, n)| *n == 0),
        "{:?}",
        all("", body)
    );
    // A cue inside an organisation's name found by the caller.
    let r = rank_with_company(
        "Shares in British Airways rose. Japan's exports fell.",
        "British Airways",
    );
    assert_eq!(r.countries, [("Japan".to_string(), 1)]);
}

#[test]
fn hyphened_names() {
    // A firm's name, not a place.
    assert_eq!(
        all("", "Bristol-Myers and Petro-Canada said Japan would buy."),
        [("Japan".to_string(), 1)]
    );
    // Two countries joined: both.
    assert_eq!(
        all("", "The US-German firm and U.S.-Japan talks."),
        [
            ("United States".to_string(), 2),
            ("Germany".to_string(), 1),
            ("Japan".to_string(), 1)
        ]
    );
}

#[test]
fn home_nations_are_the_united_kingdom() {
    assert_eq!(
        all("", "Scotland and Wales beat England; the Welsh fans sang."),
        [("United Kingdom".to_string(), 4)]
    );
}

#[test]
fn states_and_figurative_uses_are_not_countries() {
    assert!(all("", "Voters in Georgia and Ohio chose.")
        .iter()
        .all(|(_, n)| *n == 0));
    assert_eq!(
        all("", "He opened a Las Vegas-style casino in Singapore."),
        [("Singapore".to_string(), 1)]
    );
}

#[test]
fn successor_states_fold_into_one() {
    assert_eq!(
        c(
            "SOVIET OUTPUT SLOWS",
            "MOSCOW, Oct 19 - The Soviet Union's output slowed."
        ),
        ["Soviet Union"]
    );
    assert_eq!(
        c(
            "Russia's economy",
            "Russia's output, which collapsed with the Soviet Union, grew."
        ),
        ["Russia"]
    );
    assert_eq!(
        c("WAGE TALKS", "BONN, April 8 - West German unions met."),
        ["West Germany"]
    );
}

#[test]
fn datelines() {
    assert_eq!(
        c(
            "JAPAN'S TRADE SURPLUS RISES",
            "TOKYO, March 3 - Japan's trade surplus rose."
        ),
        ["Japan"]
    );
    assert_eq!(
        c(
            "",
            "KOKOMO, Ind., Feb 26 - Continental Steel Corp said it lost money."
        ),
        ["United States"]
    );
    assert_eq!(
        c(
            "",
            "PARIS, Texas, Feb 26 - A local firm said it would grow."
        ),
        ["United States"]
    );
    assert_eq!(
        c(
            "",
            "MOSCOW (Reuters) - The central bank said rates would rise."
        ),
        ["Russia"]
    );
    assert_eq!(
        c(
            "",
            "    NEW YORK, April 8 -\n    Shr loss two cts vs profit 38 cts"
        ),
        ["United States"]
    );
    assert_eq!(
        c("", "North Brunswick, NJ, Apr 9 - Demand good for beef."),
        ["United States"]
    );
    assert_eq!(
        c(
            "SHANGHAI TYREb FACTORY TO RAISE LOAN",
            "HONG KONG, April 9 - A loan."
        ),
        ["China", "Hong Kong"]
    );
    assert_eq!(
        c("", "    LAKEWOOD, Colo, April 8 -\n    Shr profit 12 cts"),
        ["United States"]
    );
    assert_eq!(
        c(
            "",
            "TEMPE, Ariz., Oct 20- CerProbe Corp said its chairman would resign."
        ),
        ["United States"]
    );
}

#[test]
fn cities() {
    assert_eq!(
        c("", "Cisco will invest $1 billion in Skolkovo, near Moscow."),
        ["Russia"]
    );
    assert_eq!(
        c("", "The delegates are in Menlo Park and Silicon Valley."),
        ["United States"]
    );
}

#[test]
fn ambiguous_names() {
    assert!(
        c("", "Atlanta-based Georgia Power said Georgia rates rose.")
            .iter()
            .all(|x| x != "Georgia")
    );
    assert_eq!(c("", "Tbilisi said Georgia would join."), ["Georgia"]);
    assert_eq!(
        c("", "Economist Jerry Jordan said rates would fall."),
        Vec::<String>::new()
    );
    assert_eq!(
        c("", "In Jordan, King Hussein said Jordan would buy wheat."),
        ["Jordan"]
    );
    assert_eq!(c("", "Chad Hurley founded the firm."), Vec::<String>::new());
    assert_eq!(
        c("Chad and Libya", "Libyan troops left northern Chad."),
        ["Chad", "Libya"]
    );
    assert_eq!(
        c("", "Latin American debtors met in the Indian Ocean."),
        Vec::<String>::new()
    );
    assert_eq!(c("Turkey and New Mexico", ""), ["Turkey", "United States"]);
}

#[test]
fn weak_evidence_is_ranked_last_or_dropped() {
    assert_eq!(
        c(
            "EQUITICORP H.K. UNIT TO RAISE 30 MLN U.S. DLRS",
            "HONG KONG, April 9 - A loan."
        ),
        ["Hong Kong"]
    );
    assert_eq!(
        c(
            "UNITED JERSEY BANKS INC SETS DIVIDEND",
            "PRINCETON, N.J., June 18 - Qtly div."
        ),
        ["United States"]
    );
    let body = "Britain's economy grew, Britain said. The yen fell.";
    assert_eq!(c("", body), ["United Kingdom"]);
    // Company span: "China" in "China Industrial Co" counts little.
    let body = "Taiwan's China Industrial Co said Taiwan exports rose.";
    assert_eq!(
        rank_with_company(body, "China Industrial Co").about,
        ["Taiwan"]
    );
}

#[test]
fn historical_names_are_their_own() {
    assert_eq!(
        c("East German and Czechoslovak trade with Yugoslavia", ""),
        ["East Germany", "Czechoslovakia", "Yugoslavia"]
    );
    assert!(country_names().contains(&"Soviet Union"));
    assert!(country_names().contains(&"United States"));
    assert!(country_names().contains(&"South Korea"));
}
