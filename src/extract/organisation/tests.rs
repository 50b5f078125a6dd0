//! Unit tests of the organisation module that cross its rooms: names as
//! the rules, tables, context and tagger find and merge them.

use super::find::{caps_title, mentions, title_mentions};
use super::gazetteer::gazetteer;
use super::known::{canonical_organisation, canonical_organisation_on};
use super::merge::merge;
use crate::extract::tagger;
use crate::extract::token::tokenize;

fn orgs(text: &str) -> Vec<String> {
    merge(mentions(text, false), None)
}

#[test]
fn head_words_make_names() {
    assert_eq!(orgs("Ecolab Co said it would buy shares."), ["Ecolab Co"]);
    assert_eq!(
        orgs("It signed with Bessemer Venture Partners to invest in the Skolkovo Foundation's projects."),
        ["Bessemer Venture Partners", "Skolkovo Foundation"]
    );
    assert_eq!(
        orgs("The Bank of Japan Governor Satoshi Sumita said."),
        ["Bank of Japan"]
    );
    assert_eq!(
        orgs("Shares of Allied-Signal Inc rose."),
        ["Allied-Signal Inc"]
    );
    assert_eq!(
        orgs("Ford Motor Co and General Motors Corp cut prices."),
        ["Ford Motor Co", "General Motors Corp"]
    );
}

#[test]
fn acronyms_and_their_expansions_are_one_entry() {
    assert_eq!(
        orgs("The European Community's farm ministers met. EC officials said the EEC would act."),
        ["European Community"]
    );
    assert_eq!(
        orgs("The IMF and the International Monetary Fund."),
        ["International Monetary Fund"]
    );
    assert_eq!(
        orgs("OPEC and GATT and the World Bank"),
        ["OPEC", "GATT", "World Bank"]
    );
    assert_eq!(orgs("an MIT-like university"), ["MIT"]);
}

#[test]
fn no_junk() {
    assert!(orgs("Group discussions at the event focused on research.").is_empty());
    assert!(orgs("Currently, the delegates are attending.").is_empty());
    assert!(orgs("The President said the Minister would go.").is_empty());
    assert!(orgs("The Soviet Union and the West Bank.").is_empty());
    assert_eq!(
        orgs("President of Cisco Systems Inc John Chambers"),
        ["Cisco Systems Inc"]
    );
    assert_eq!(orgs("Chairman of Acme Widget Corp"), ["Acme Widget Corp"]);
    assert_eq!(
        orgs("The sale by American President Cos Ltd closed."),
        ["American President Cos Ltd"]
    );
    assert!(orgs("He met Vice President Co officials.").is_empty());
    assert_eq!(
        orgs(
            "Shares of Montedison SPA and Whim Creek Consolidated NL rose, Airbus Industrie said."
        ),
        [
            "Montedison SPA",
            "Whim Creek Consolidated NL",
            "Airbus Industrie"
        ]
    );
}

#[test]
fn fullest_name_wins() {
    assert_eq!(
        orgs("the U.S.-Russian Bilateral Presidential Commission Working Group on Innovation, or the Working Group on Innovation."),
        ["U.S.-Russian Bilateral Presidential Commission Working Group on Innovation"]
    );
    assert_eq!(orgs("Ecolab said. Ecolab Inc rose."), ["Ecolab Inc"]);
}

#[test]
fn title_case_headlines_only_known() {
    let title = "Cisco Signs Deal With Skolkovo Foundation";
    assert_eq!(
        merge(title_mentions(title, &tokenize(title)), None),
        ["Cisco"]
    );
    let title = "Cisco signs deal with the Skolkovo Foundation";
    assert_eq!(
        merge(title_mentions(title, &tokenize(title)), None),
        ["Cisco", "Skolkovo Foundation"]
    );
}

#[test]
fn single_word_companies_and_bodies() {
    let f = crate::extract::extract(
        "",
        "Time Warner said on Friday that AOL would pay $300m. Google and Novartis \
         also reported results, and Barclays raised its dividend. The media regulator \
         Ofcom said the NHS and the Treasury had been told.",
    );
    for org in [
        "Time Warner",
        "AOL",
        "Google",
        "Novartis",
        "Barclays",
        "Ofcom",
        "NHS",
        "Treasury",
    ] {
        assert!(f.organisations.iter().any(|o| o == org), "{org}: {f:?}");
    }
}

#[test]
fn parties_clubs_and_broadcasters() {
    let f = crate::extract::extract(
        "",
        "The Tories and the Lib Dems attacked Labour, the BBC reported. Chelsea beat \
         Manchester United, ITV1 said. The Conservative Party denied it.",
    );
    let o = &f.organisations;
    // As written, one entry per party: the Tories and the Conservative
    // Party are one, under its fullest written name.
    for org in [
        "Conservative Party",
        "Lib Dems",
        "Labour",
        "BBC",
        "Chelsea",
        "Manchester United",
        "ITV1",
    ] {
        assert!(o.iter().any(|x| x == org), "{org}: {o:?}");
    }
    assert!(!o.iter().any(|x| x == "Tories"), "{o:?}");
}

#[test]
fn parties_by_nickname_as_written() {
    // Nicknames and short forms are the names the article writes; the
    // index meets them under one canonical name.
    let o = crate::extract::extract(
        "Tories attack Labour over tax",
        "The Lib Dems said the Commons had misread the figures.",
    )
    .organisations;
    assert_eq!(o, ["Tories", "Labour", "Lib Dems", "Commons"], "{o:?}");
    for (written, canonical) in [
        ("Tories", "Conservative Party"),
        ("Conservative", "Conservative Party"),
        ("Labour", "Labour Party"),
        ("Lib Dems", "Liberal Democrats"),
        ("Commons", "House of Commons"),
    ] {
        assert_eq!(
            canonical_organisation(written),
            Some(canonical),
            "{written}"
        );
    }
}

#[test]
fn names_as_written_one_entry_each() {
    // The shorter form alone stays as written; never an expansion the
    // article does not contain.
    assert_eq!(
        orgs("IBM said it would sell its PC unit. BBC Radio Five Live reported it."),
        ["IBM", "BBC Radio Five Live"]
    );
    // With both forms written, the fullest is the entry.
    assert_eq!(
        orgs("International Business Machines (IBM) said IBM would sell it."),
        ["International Business Machines"]
    );
    // A misspelt expansion of a known acronym: the form the index
    // knows is the entry.
    assert_eq!(
        orgs("Talks continue at the OECD (Organisation of Economic Cooperation and Development)."),
        ["OECD"]
    );
    // A known name and its named unit stay two; a name and its legal
    // form are one.
    assert_eq!(
        orgs("The BBC said BBC Sport would show it. Ecolab said Ecolab Inc rose."),
        ["BBC", "BBC Sport", "Ecolab Inc"]
    );
}

#[test]
fn european_community_by_date() {
    use time::{Date, Month};
    let wire = Date::from_calendar_date(1987, Month::March, 2).unwrap();
    let later = Date::from_calendar_date(2005, Month::January, 20).unwrap();
    assert_eq!(
        canonical_organisation_on("EC", Some(wire)),
        Some("European Community")
    );
    assert_eq!(
        canonical_organisation_on("EC", Some(later)),
        Some("European Commission")
    );
    assert_eq!(canonical_organisation("EC"), Some("European Commission"));
    assert_eq!(
        canonical_organisation_on("EEC", Some(later)),
        Some("European Community")
    );
    // In a 2005 article "EC" and "European Commission" are one entry; in
    // 1987 "EC" and "European Community" are.
    let body = "The European Commission said the EC would act.";
    let f = crate::extract::extract_dated("", body, Some(later));
    assert_eq!(f.organisations, ["European Commission"]);
    let body = "The European Community agreed. EC ministers met, the EC Commission said.";
    let f = crate::extract::extract_dated("", body, Some(wire));
    assert_eq!(
        f.organisations,
        ["European Community", "EC Commission"],
        "{f:?}"
    );
}

#[test]
fn one_word_companies_from_the_gazetteer() {
    // Listed companies of tools/gazetteer (pytickersymbols), and the
    // hand-written table.
    let f = crate::extract::extract(
        "",
        "Diageo said sales rose, while Monsanto and Ford cut jobs. Pfizer and \
         Unilever reported results, and Jupiter Research said BHP Billiton gained.",
    );
    for org in [
        "Diageo",
        "Monsanto",
        "Ford",
        "Pfizer",
        "Unilever",
        "Jupiter Research",
        "BHP Billiton",
    ] {
        assert!(f.organisations.iter().any(|o| o == org), "{org}: {f:?}");
    }
    assert_eq!(
        canonical_organisation("Ford Motor Company"),
        Some("Ford Motor")
    );
    assert_eq!(
        canonical_organisation("BHP Billiton Ltd."),
        Some("BHP Billiton")
    );
    assert_eq!(canonical_organisation("Unilever"), Some("Unilever"));
}

#[test]
fn products_people_and_events_are_not_the_company() {
    let o = orgs(
        "Volvo S40 owners and Nintendo DS players queued, and Harrison Ford starred. \
         Ford said nothing. The RBS Six Nations starts, Nokia reported.",
    );
    assert_eq!(o, ["Nokia"], "{o:?}");
    // A team sheet of surnames is no list of companies.
    let o = orgs("Ulster: Moore, Thomson, Douglas, Blair, Stewart.");
    assert!(!o.iter().any(|x| x == "Douglas"), "{o:?}");
}

#[test]
fn films_and_people_are_not_tagged_as_organisations() {
    let o = orgs(
        "The director Michael Moore's film beat The Motorcycle Diaries at the box office, and \
         Moore thanked the Academy. Novartis and Google were not involved.",
    );
    for bad in ["Moore", "Motorcycle Diaries", "Michael Moore"] {
        assert!(!o.iter().any(|x| x == bad), "{bad}: {o:?}");
    }
    assert!(o.iter().any(|x| x == "Academy"), "{o:?}");
}

#[test]
fn possessives_weekdays_and_events() {
    let o = orgs(
        "Chelsea's Champions League hopes rose. The Electoral Commission on Thursday \
         said Mittal's Ispat International NV would pay.",
    );
    assert!(o.iter().any(|x| x == "Electoral Commission"), "{o:?}");
    assert!(o.iter().any(|x| x == "Chelsea"), "{o:?}");
    for bad in [
        "Champions League",
        "Chelsea's Champions League",
        "Electoral Commission on Thursday",
    ] {
        assert!(!o.iter().any(|x| x == bad), "{bad}: {o:?}");
    }
    let o = orgs("Shares in the FTSE 100 rose before the Brit Awards and the FA Cup final.");
    assert!(o.is_empty(), "{o:?}");
    let o = orgs("Delegates at the Global Technology Symposium and the G8 Summit spoke.");
    assert!(o.is_empty(), "{o:?}");
    let o = orgs("Yields on Treasury bills fell.");
    assert!(o.is_empty(), "{o:?}");
}

#[test]
fn acronyms_link_to_their_expansion() {
    let o = orgs(
        "The Office of Fair Trading (OFT) opened an inquiry into Acme Widget Corp. \
         The OFT said it would report.",
    );
    assert_eq!(o, ["Office of Fair Trading", "Acme Widget Corp"]);
    let o = orgs("The Serious Widget Authority (SWA) spoke, and the SWA agreed.");
    assert_eq!(o, ["Serious Widget Authority"]);
}

#[test]
fn canonical_aliases() {
    for (alias, canonical) in [
        ("Tories", "Conservative Party"),
        ("tory party", "Conservative Party"),
        ("the Conservative Party", "Conservative Party"),
        ("Lib Dems", "Liberal Democrats"),
        ("SEC", "Securities and Exchange Commission"),
        (
            "securities and exchange commission",
            "Securities and Exchange Commission",
        ),
        ("Opec", "Organization of Petroleum Exporting Countries"),
        ("TimeWarner", "Time Warner"),
        ("Barclay's", "Barclays"),
        ("The Guardian", "The Guardian"),
        ("Guardian", "The Guardian"),
    ] {
        assert_eq!(canonical_organisation(alias), Some(canonical), "{alias}");
    }
    assert_eq!(canonical_organisation("Acme Widgets"), None);
    assert_eq!(orgs("TimeWarner and Time Warner Inc"), ["Time Warner Inc"]);
}

#[test]
fn people_named_with_a_title_are_not_organisations() {
    let o = orgs(
        "Hollywood star Keanu Reeves and Liberal Democrat spokesman Vince Cable met \
         Yann Delaigue in Toulouse. Mr Reeves, Mr Cable and Mr Delaigue spoke to \
         Vantorel Holdings.",
    );
    assert_eq!(o, ["Liberal Democrat", "Vantorel Holdings"]);
}

#[test]
fn labour_ministry_is_not_labour() {
    assert_eq!(
        orgs("The Labour Ministry said unemployment rose."),
        ["Labour Ministry"]
    );
}

#[test]
fn clubs_named_after_their_town_by_context() {
    let f = crate::extract::extract(
        "Wasps 31-37 Leicester",
        "Leicester withstood a Wasps comeback to win the rugby match. Leicester coach \
         John Wells was pleased, and Bourgoin lock Pascal Pape returns to the squad. \
         They will play against Perpignan and Biarritz, said Bath director of rugby \
         Jack Rowell.",
    );
    let o = &f.organisations;
    for club in [
        "Wasps",
        "Leicester",
        "Bourgoin",
        "Bath",
        "Perpignan",
        "Biarritz",
    ] {
        assert!(o.iter().any(|x| x == club), "{club}: {o:?}");
    }
    for person in ["John Wells", "Pascal Pape", "Jack Rowell"] {
        assert!(!o.iter().any(|x| x == person), "{person}: {o:?}");
    }
    // A club's name is no country reference.
    assert!(f.countries.is_empty(), "{f:?}");
}

#[test]
fn team_sheets_give_clubs_not_players() {
    let o = crate::extract::extract(
        "France name rugby squad",
        "The coach named his squad for the match. Dimitri Yachvili (Biarritz), Pierre \
         Mignoni (Clermont), Fabien Pelous (Stade Toulousain, capt), Sebastien Bruno \
         (Sale/ENG), Roger Smith (France).",
    )
    .organisations;
    for club in ["Biarritz", "Clermont", "Stade Toulousain", "Sale"] {
        assert!(o.iter().any(|x| x == club), "{club}: {o:?}");
    }
    for bad in ["Fabien Pelous", "Dimitri Yachvili", "France"] {
        assert!(!o.iter().any(|x| x == bad), "{bad}: {o:?}");
    }
}

#[test]
fn national_sides_and_towns_as_places_are_no_clubs() {
    // National teams are countries; a town is a place outside sport.
    let f = crate::extract::extract(
        "",
        "England coach Andy Robinson and All Blacks captain Tama Umaga met at \
         Murrayfield before the rugby match against Wales, and the Springboks squad \
         trained.",
    );
    for bad in [
        "England",
        "All Blacks",
        "Blacks",
        "Wales",
        "Murrayfield",
        "Springboks",
    ] {
        assert!(!f.organisations.iter().any(|x| x == bad), "{bad}: {f:?}");
    }
    let f = crate::extract::extract(
        "",
        "The firm moved its offices to Leicester, and the Bath council said the \
         company Acme would open a shop against the wishes of residents.",
    );
    for bad in ["Leicester", "Bath"] {
        assert!(!f.organisations.iter().any(|x| x == bad), "{bad}: {f:?}");
    }
    assert!(f.organisations.iter().any(|x| x == "Acme"), "{f:?}");
    // Ordinary words opening a sentence are no names.
    let o = orgs("Former captain Keith Wood spoke. Diminutive wing Shane Williams scored a try in the rugby match.");
    for bad in ["Former", "Diminutive"] {
        assert!(!o.iter().any(|x| x == bad), "{bad}: {o:?}");
    }
}

#[test]
fn bands_publications_and_firms_by_their_cue_words() {
    let o = orgs(
        "The singer named celebrity tabloids Us Weekly, In Touch and Star as the worst \
         offenders. Portable media player firm Creative showed a player, and industry \
         training body Skillset agreed. The rock band The Doors reunited, and Keane \
         singer Tom Chaplin sang.",
    );
    for org in [
        "Us Weekly",
        "Star",
        "Creative",
        "Skillset",
        "Doors",
        "Keane",
    ] {
        assert!(o.iter().any(|x| x == org), "{org}: {o:?}");
    }
    // A person after a role word, a film-maker, and "London-based" are no
    // organisations.
    let o = orgs(
        "The film-maker Michael Moore spoke, and the firm London-based staff joined. \
         Moore said so.",
    );
    for bad in ["Michael Moore", "London", "Moore"] {
        assert!(!o.iter().any(|x| x == bad), "{bad}: {o:?}");
    }
}

#[test]
fn a_club_found_once_is_found_at_every_mention() {
    let text = "After the rugby match, Leicester coach John Wells said Leicester deserved \
                the win over Wasps. Leicester won the league.";
    let ms = mentions(text, false);
    let at: Vec<&str> = ms
        .iter()
        .filter(|m| m.name == "Leicester")
        .map(|m| &text[m.span.clone()])
        .collect();
    assert_eq!(at.len(), 3, "{ms:?}");
}

#[test]
fn plural_possessives_inside_names() {
    assert_eq!(
        orgs("The Professional Rugby Players' Association said it would act."),
        ["Professional Rugby Players' Association"]
    );
    assert_eq!(orgs("Chelsea's Champions League hopes rose."), ["Chelsea"]);
}

#[test]
fn caps_headlines_only_known() {
    assert_eq!(
        merge(mentions("IMF CHIEF SEES GROWTH AT ACME CORP", true), None),
        ["IMF"]
    );
    assert!(caps_title("IMF CHIEF SEES GROWTH"));
    assert!(!caps_title("Cisco signs deal"));
}

#[test]
fn tags_names_in_a_paragraph() {
    let text = "Shares in Vantorel rose on Tuesday after the carmaker said Brinkwater \
                Holdings would buy a stake. Analysts at Kestrel Partners said the deal \
                valued Vantorel at $2bn. The Tories and Labour both welcomed it, and \
                Mr Dunmore told the BBC he was pleased.";
    let toks = tokenize(text);
    let gz = gazetteer(text, &toks);
    let names: Vec<&str> = tagger::tag(&toks, &gz)
        .into_iter()
        .filter(|(_, c)| *c == tagger::Class::Org)
        .map(|(r, _)| &text[toks[r.start].start..toks[r.end - 1].end])
        .collect();
    // Unknown one-word companies (Vantorel) stay under the margin, and
    // names with a head word (Kestrel Partners) and known names (BBC,
    // Tories) are left to the rules and tables; a person's name is never
    // an organisation's.
    for not in ["Tuesday", "Analysts", "Mr Dunmore", "Dunmore", "Shares"] {
        assert!(!names.contains(&not), "{not}: {names:?}");
    }
    // Tagger, rules and tables together (names as written).
    let orgs = crate::extract::extract("", text).organisations;
    for name in [
        "Brinkwater Holdings",
        "Kestrel Partners",
        "Tories",
        "Labour",
        "BBC",
    ] {
        assert!(orgs.iter().any(|o| o == name), "{name}: {orgs:?}");
    }
    assert!(!orgs.iter().any(|o| o.contains("Dunmore")), "{orgs:?}");
}

#[test]
fn named_units_stay_themselves_under_their_parent() {
    use super::hierarchy::organisation_parent;
    // The article's names: a unit is its own entry, never its parent's.
    let o = orgs(
        "Sky News reported the deal first, and BSkyB shares rose. The BBC said \
         BBC Sport and BBC Radio 4 would carry the match, while ITV1 showed a film.",
    );
    assert_eq!(
        o,
        [
            "Sky News",
            "BSkyB",
            "BBC",
            "BBC Sport",
            "BBC Radio 4",
            "ITV1"
        ]
    );
    // The index's values: each unit's canonical name and its parent.
    for (name, canonical, parent) in [
        ("Sky News", "Sky News", Some("Sky")),
        ("BSkyB", "Sky", None),
        ("BBC Sport", "BBC Sport", Some("BBC")),
        ("Radio 4", "BBC Radio 4", Some("BBC")),
        ("BBC1", "BBC One", Some("BBC")),
        ("Five Live", "BBC Radio 5 Live", Some("BBC")),
        ("BBC News 24", "BBC News 24", Some("BBC")),
        ("ITV1", "ITV1", Some("ITV")),
        ("Channel 4 News", "Channel 4 News", Some("Channel 4")),
        ("E4", "E4", Some("Channel 4")),
        ("Barclays Capital", "Barclays Capital", Some("Barclays")),
    ] {
        let c = canonical_organisation(name).unwrap_or(name);
        assert_eq!(c, canonical, "{name}");
        assert_eq!(organisation_parent(c).as_deref(), parent, "{name}");
    }
    // Unknown units of a known parent, by their unit word or place.
    for (unit, parent) in [
        ("BBC Radio Scotland", "BBC"),
        ("BBC Scotland", "BBC"),
        ("Sony Pictures", "Sony"),
        ("Virgin Radio", "Virgin"),
        ("Times Online", "The Times"),
        ("AOL Europe", "AOL"),
    ] {
        assert_eq!(organisation_parent(unit).as_deref(), Some(parent), "{unit}");
    }
    // Other names of the parent itself, distinct bodies and unknown names.
    for name in [
        "BBC",
        "Cisco Systems",
        "Cisco Systems Inc",
        "Sony Ericsson",
        "Sony BMG",
        "Universal Music",
        "Celtic Warriors",
        "Labour Ministry",
        "Acme Widgets News",
        "O2",
    ] {
        assert_eq!(organisation_parent(name), None, "{name}");
    }
}

#[test]
fn acronyms_stated_in_the_article_link_to_their_expansion() {
    let o = orgs(
        "The Kestrel Mineral Development Corporation (KMDC) bid for the field. \
         Analysts said KMDC would pay in cash.",
    );
    assert_eq!(o, ["Kestrel Mineral Development Corporation"]);
    // An acronym written as a name, and by a one-word name's capitals.
    let o = orgs("The Federation of Independent Widget Makers said Fiwm members agreed.");
    assert_eq!(o, ["Federation of Independent Widget Makers"]);
    // A one-word short form of a one-word name.
    let o = orgs(
        "Rosneft bought Baikalfinansgrup, which had won Yuganskneftegas (Yugansk). \
         Yugansk pumps a million barrels a day.",
    );
    assert!(
        o.contains(&"Yuganskneftegas".to_string()) && !o.iter().any(|n| n == "Yugansk"),
        "{o:?}"
    );
    // An acronym the article does not expand stays as written.
    let o = orgs("Analysts said KMDC would pay in cash.");
    assert!(!o.iter().any(|n| n.contains("Kestrel")), "{o:?}");
}

#[test]
fn head_word_names_stop_at_their_boundary() {
    // The Oscars' Academy is "the Academy", not every name ending in one.
    let o = orgs("The Academy announced its nominations on Tuesday.");
    assert_eq!(o, ["Academy"]);
    for text in [
        "The band played at the Brixton Academy on Friday.",
        "Her paintings hang in the Royal Academy this spring.",
        "Members of the Iraqi Parliament met in Baghdad.",
    ] {
        let o = orgs(text);
        for n in &o {
            let c = canonical_organisation(n);
            assert!(
                c != Some("Academy of Motion Picture Arts and Sciences") && c != Some("Parliament"),
                "{text}: {o:?}"
            );
        }
    }
}

#[test]
fn ordinary_words_opening_a_sentence_are_no_companies() {
    assert!(orgs("Sharp increases in farm output lifted exports.").is_empty());
    assert!(orgs("Next year the plant will close. Five people were hurt.").is_empty());
    // The context says company: an acting word, another mention.
    assert_eq!(orgs("Sharp said profits rose."), ["Sharp"]);
    assert_eq!(
        orgs("Sharp increases its output. Analysts expect Sharp to gain."),
        ["Sharp"]
    );
    // Inside a sentence the name is the company's.
    assert_eq!(orgs("Shares in Sharp rose."), ["Sharp"]);
}

#[test]
fn namesakes_split_by_the_country_the_article_names() {
    // A bare "Treasury" is the one the article qualifies...
    let o = orgs("The US Treasury sold bonds. The Treasury said demand was strong.");
    assert_eq!(o, ["US Treasury"]);
    assert_eq!(canonical_organisation("U.S. Treasury"), Some("US Treasury"));
    // ... and stays itself where the article names no other.
    let o = orgs("Chancellor Gordon Brown said the Treasury would act.");
    assert_eq!(o, ["Treasury"]);
    assert_eq!(canonical_organisation("Treasury"), Some("Treasury"));
    // A home-nation body is another body, not the bare one.
    let o = orgs("The Scottish Parliament and Parliament at Westminster disagreed.");
    assert_eq!(o, ["Scottish Parliament", "Parliament"]);
}

#[test]
fn missed_names_from_the_tables() {
    let o = orgs("Records sold well at HMV, said Shareholders United, the supporters' group.");
    assert_eq!(o, ["HMV", "Shareholders United"]);
    assert_eq!(canonical_organisation("Yugansk"), Some("Yuganskneftegaz"));
}

#[test]
fn qualified_and_compound_names_keep_the_known_name() {
    // A shadow minister's title is no part of the body's name.
    let o = orgs("The Shadow Treasury chief attacked the plan. The Treasury said no.");
    assert_eq!(o, ["Treasury"]);
    // "of" joins a known name into a phrase that is no new body.
    let o = orgs("He wants an Act of Parliament, and Parliament may agree.");
    assert_eq!(o, ["Parliament"]);
    // A maker before its model is still named when the labeller would.
    let o = orgs(
        "Sony's portable MiniDisc player sold well. Variety and the Hollywood Reporter agreed.",
    );
    assert!(!o.iter().any(|n| n == "MiniDisc"), "{o:?}");
    assert!(o.iter().any(|n| n == "Variety"), "{o:?}");
}

#[test]
fn works_titles_products_and_fragments_are_no_organisations() {
    // A film's title after a capitalised "A" inside a sentence.
    let o = orgs("Audrey Tautou stars in A Very Long Engagement, released by Warner Bros.");
    assert!(!o.iter().any(|n| n.contains("Engagement")), "{o:?}");
    // A device after its maker's name or before a device word.
    let o = orgs("Sales of the GameBoy Advance handheld rose, Nintendo said.");
    assert!(!o.iter().any(|n| n.contains("GameBoy")), "{o:?}");
    // An organisation's name inside a trade show's is the show's.
    let o = orgs("The firm showed the device at the Consumer Electronics Show in Las Vegas.");
    assert!(
        !o.iter().any(|n| n.starts_with("Consumer Electronics")),
        "{o:?}"
    );
    assert_eq!(
        orgs("The trade body is the Consumer Electronics Association."),
        ["Consumer Electronics Association"]
    );
}

#[test]
fn china_national_petroleum_corporation_and_its_acronym() {
    let o = orgs(
        "China National Petroleum Corporation (CNPC) had been offered 20% of Yugansk. \
         Rosneft said CNPC would not take the stake.",
    );
    assert!(
        o.contains(&"China National Petroleum Corporation".to_string()),
        "{o:?}"
    );
    assert!(!o.iter().any(|n| n == "CNPC"), "{o:?}");
}

#[test]
fn an_acronym_links_a_name_split_by_a_possessive() {
    let o = orgs(
        "Putin said China's National Petroleum Corporation could play a role. \
         CNPC had been offered a stake.",
    );
    assert_eq!(o.len(), 1, "{o:?}");
    assert_eq!(
        canonical_organisation(&o[0]),
        Some("China National Petroleum Corporation")
    );
    let o = orgs("Officials at India's National Widget Corporation spoke. INWC said profits grew.");
    assert_eq!(o, ["National Widget Corporation"]);
}
