//! Segments every text of a file of NUL-separated texts, for instruction counting:
//!
//!     valgrind --tool=callgrind target/release/examples/pages-corpus texts.txt0
use khabar_pages::PageSegmenter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seg = PageSegmenter::new();
    let path = std::env::args().nth(1).ok_or("usage: pages-corpus FILE")?;
    let all = std::fs::read_to_string(path)?;
    let (mut articles, mut zones) = (0, 0);
    for text in all.split('\0') {
        let page = seg.segment(text);
        articles += page.articles.len();
        zones += page.zones.len() + page.repeats.len();
    }
    println!("{articles} articles, {zones} zones and repeats");
    Ok(())
}
