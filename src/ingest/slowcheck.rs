use super::{parse, Format};
use std::time::Instant;

#[test]
#[ignore]
fn pathological_timings() {
    let n = 200_000;
    let cases: Vec<(&str, Format, String)> = vec![
        (
            "sgml many open one close",
            Format::Sgml,
            "<REUTERS>x".repeat(n) + "</REUTERS>",
        ),
        (
            "sgml many unclosed",
            Format::Sgml,
            "<REUTERS><TEXT>t\n".repeat(n),
        ),
        (
            "sgml DATE noise",
            Format::Sgml,
            "<REUTERS>".to_string() + &"DATE TITLE BODY TEXT <D> ".repeat(n) + "</REUTERS>",
        ),
        (
            "sgml amp",
            Format::Sgml,
            "<REUTERS><TEXT>".to_string() + &"&".repeat(n * 10),
        ),
        (
            "sgml lt",
            Format::Sgml,
            "<REUTERS><TEXT TYPE=\"UNPROC\">".to_string() + &"<".repeat(n * 10),
        ),
        (
            "sgml lt gt",
            Format::Sgml,
            "<REUTERS><TEXT TYPE=\"UNPROC\">".to_string() + &"<a>".repeat(n * 3),
        ),
        (
            "sgml reuter sig",
            Format::Sgml,
            "<REUTERS><BODY>x".to_string() + &" reuter".repeat(n),
        ),
        ("html p", Format::Html, "<p>x".repeat(n)),
        ("html b", Format::Html, "<b>x".repeat(n)),
        (
            "html nested tables 999",
            Format::Html,
            "<table><tr><td>".repeat(999) + "cell",
        ),
        (
            "html tables seq",
            Format::Html,
            "<table><tr><td>a<td>b</table>".repeat(n / 10),
        ),
        (
            "html colspan",
            Format::Html,
            "<table><tr><td colspan=65534>x</td></tr><tr><td>y</td></tr></table>".repeat(10),
        ),
        (
            "html rowspan",
            Format::Html,
            "<table>".to_string() + &"<tr><td rowspan=65534>x</td></tr>".repeat(1000) + "</table>",
        ),
        ("html ul 999", Format::Html, "<ul><li>x".repeat(999)),
        (
            "html blockquote 999",
            Format::Html,
            "<blockquote>x ".repeat(999),
        ),
        ("html dl 999", Format::Html, "<dl><dd>x ".repeat(999)),
        (
            "html pre long",
            Format::Html,
            "<pre>".to_string() + &"x".repeat(n * 10),
        ),
        (
            "html long word",
            Format::Html,
            "<p>".to_string() + &"x".repeat(n * 10),
        ),
        (
            "html ol start",
            Format::Html,
            "<ol start=4294967295><li>a<li>b</ol>".repeat(100),
        ),
        (
            "html many attrs",
            Format::Html,
            "<p ".to_string() + &"a=b ".repeat(n) + ">x",
        ),
        ("html comment", Format::Html, "<!--".repeat(n)),
        ("html sup sub", Format::Html, "<sup>x".repeat(999)),
        ("json deep", Format::Json, "[".repeat(n)),
        ("json deep obj", Format::Json, "{\"a\":".repeat(n)),
        (
            "json bad lines",
            Format::Json,
            "{\"title\":\"a\"}\n".to_string() + &"{\n".repeat(n),
        ),
        (
            "json html body",
            Format::Json,
            format!("{{\"body\": \"{}\"}}", "<div>".repeat(n)),
        ),
        (
            "json many same line",
            Format::Json,
            "{\"title\":\"a\"} ".repeat(n),
        ),
        ("text no ws", Format::Text, "x".repeat(n * 10)),
        ("text dots", Format::Text, ".".repeat(n * 10)),
        ("text a. ", Format::Text, "a. ".repeat(n * 3)),
        ("text Mr. ", Format::Text, "Mr. ".repeat(n * 3)),
        ("text quotes", Format::Text, ".\"".repeat(n * 3)),
        (
            "text front matter",
            Format::Text,
            "---\n".to_string() + &"k: v\n".repeat(n) + "---\nx",
        ),
        (
            "text front unclosed",
            Format::Text,
            "---\n".to_string() + &"k: v\n".repeat(n),
        ),
        ("text lines", Format::Text, "line\n".repeat(n * 2)),
        ("text cr", Format::Text, "\r".repeat(n * 10) + "x"),
        ("text hashes", Format::Text, "#".repeat(n * 10)),
        (
            "text eq",
            Format::Text,
            "x\n".to_string() + &"=".repeat(n * 10),
        ),
    ];
    for (name, format, content) in cases {
        let t = Instant::now();
        let r = parse(format, &content, None);
        let ok = match &r {
            Ok(p) => format!(
                "ok {} articles {} warnings",
                p.articles.len(),
                p.warnings.len()
            ),
            Err(e) => format!("err {e}"),
        };
        println!(
            "{:>30} {:>8} KB {:>10.3} s  {}",
            name,
            content.len() / 1024,
            t.elapsed().as_secs_f64(),
            &ok[..ok.len().min(80)]
        );
    }
}
