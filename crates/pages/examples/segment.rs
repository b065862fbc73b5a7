//! Prints the layout of each page file given on the command line, as TSV lines
//! `kind start end text` (what the golden files in `fixtures/pages` hold).
//!
//!     cargo run -p khabar-pages --example segment -- fixtures/corpus/*.txt

use khabar_pages::PageSegmenter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seg = PageSegmenter::new();
    for path in std::env::args().skip(1) {
        let owned = std::fs::read_to_string(&path)?;
        let text = owned.as_str();
        let page = seg.segment(text);
        println!("# {path}");
        for (k, a) in page.articles.iter().enumerate() {
            let show = |s: Option<khabar_core::Span>| {
                s.map(|s| text[s].replace('\n', "\\n")).unwrap_or_default()
            };
            let (y, m, d) = a.date.unwrap_or_default();
            println!(
                "article{}\t{}\t{}\t{:04}-{:02}-{:02}\t{}",
                k + 1,
                a.span.start,
                a.span.end,
                y,
                m,
                d,
                show(a.headline)
            );
            if a.location.is_some() {
                println!("location\t\t\t\t{}", show(a.location));
            }
        }
        for r in &page.repeats {
            let s: String = text[*r].chars().take(70).collect();
            println!("repeat\t{}\t{}\t{}", r.start, r.end, s.replace('\n', "\\n"));
        }
        for z in &page.zones {
            let s = &text[z.span];
            let s: String = s.chars().take(70).collect();
            println!(
                "{}\t{}\t{}\t{}",
                z.kind.as_str(),
                z.span.start,
                z.span.end,
                s.replace('\n', "\\n")
            );
        }
    }
    Ok(())
}
