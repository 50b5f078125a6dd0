use super::{parse, Format};
use std::time::Instant;

#[test]
#[ignore]
fn pathological_timings() {
    for n in [1000usize, 2000, 4000, 8000] {
        let cases: Vec<(&str, Format, String)> = vec![
            (
                "sgml amp",
                Format::Sgml,
                "<REUTERS><TEXT>".to_string() + &"&".repeat(n * 1000),
            ),
            ("html p", Format::Html, "<p>x".repeat(n * 50)),
            (
                "html rowspan",
                Format::Html,
                "<table>".to_string() + &"<tr><td rowspan=65534>x</td></tr>".repeat(n),
            ),
            (
                "html colspan rows",
                Format::Html,
                "<table>".to_string() + &"<tr><td colspan=1000>x</td></tr>".repeat(n),
            ),
            (
                "html tables seq",
                Format::Html,
                "<table><tr><td>a<td>b</table>".repeat(n * 5),
            ),
            ("html dl", Format::Html, "<dl><dd>x ".repeat(n / 8)),
            (
                "html td",
                Format::Html,
                "<table><tr>".to_string() + &"<td>x".repeat(n * 10),
            ),
            ("html a", Format::Html, "<a>x".repeat(n * 10)),
            ("html font", Format::Html, "<font>x".repeat(n * 10)),
            (
                "html ul li",
                Format::Html,
                "<ul>".to_string() + &"<li>x".repeat(n * 10),
            ),
            ("html nobr", Format::Html, "<nobr>x".repeat(n * 10)),
            (
                "html form",
                Format::Html,
                "<form><select><option>x".repeat(n * 10),
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
                "n={n:>5} {:>20} {:>8} KB {:>10.3} s  {}",
                name,
                content.len() / 1024,
                t.elapsed().as_secs_f64(),
                &ok[..ok.len().min(60)]
            );
        }
    }
}
