//! Runs the name finder over JSONL (`"text"` fields) or text files, `ROUNDS` times, and
//! prints the names found and the bytes read: `cargo run --release -p khabar-names
//! --example names -- [--rounds N] [--dump] FILE...`. Time it with `perf stat` for the names step
//! alone in CPU time.

use khabar_names::{NameFinder, Scratch};

fn main() {
    let mut rounds = 1;
    let mut dump = false;
    let mut texts: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--dump" {
            dump = true;
            continue;
        }
        if a == "--rounds" {
            rounds = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
            continue;
        }
        let data = std::fs::read_to_string(&a).expect("a UTF-8 file");
        if a.ends_with(".jsonl") {
            // The "text" field of each line, unescaped just enough for a throughput test.
            for line in data.lines() {
                if let Some(i) = line
                    .find("\"text\": \"")
                    .or_else(|| line.find("\"text\":\""))
                {
                    let rest = &line[i..];
                    let start = rest
                        .find(": \"")
                        .map_or(0, |k| k + 3)
                        .max(rest.find(":\"").map_or(0, |k| k + 2));
                    let body = &rest[start..];
                    let end = body
                        .find("\", \"")
                        .or_else(|| body.find("\",\""))
                        .unwrap_or(body.len());
                    texts.push(body[..end].replace("\\n", "\n"));
                }
            }
        } else {
            texts.push(data);
        }
    }
    let finder = NameFinder::new();
    let mut s = Scratch::default();
    let (mut names, mut bytes) = (0usize, 0usize);
    for _ in 0..rounds {
        for t in &texts {
            let found = finder.find(t, &mut s);
            names += found.names().len();
            if dump {
                for n in found.names() {
                    let g = found.groups()[n.group as usize];
                    println!(
                        "{}..{}\t{}\t{}\t{}..{}\t{}",
                        n.span.start,
                        n.span.end,
                        n.name_type.as_str(),
                        n.group,
                        g.canonical.start,
                        g.canonical.end,
                        g.mentions
                    );
                }
            }
            bytes += t.len();
        }
    }
    println!(
        "{names} names in {bytes} bytes ({} documents, {rounds} rounds)",
        texts.len()
    );
}
