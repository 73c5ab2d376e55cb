//! Analysis must survive any text: random Unicode, lone marks, digits, punctuation runs, huge words.

use storyline_analyze::Analyzer;
use storyline_model::Article;

struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

const PIECES: &[&str] = &[
    "Kim",
    "Jong",
    "-",
    "–",
    "un",
    "'s",
    "’",
    " ",
    "\n",
    ".",
    "2019",
    "-09",
    "April",
    "25",
    ",",
    "Mr",
    "President",
    "of",
    "the",
    "New",
    "Zealand",
    "\u{301}",
    "é",
    "ß",
    "İ",
    "Ω",
    "中国",
    "🙂",
    "\u{200d}",
    "\0",
    "http://x.y/2013/09/16/",
    "/",
    "14",
    "09",
    "31st",
    "May",
    "may",
    "O'",
    "\"",
    "(",
    "A",
    "B.",
    "U.S.",
    "Ⅻ",
    "١٢",
    "\t",
    "&amp;",
];

fn random_text(noise: &mut Noise, pieces: usize) -> String {
    (0..pieces)
        .map(|_| PIECES[(noise.next() % PIECES.len() as u64) as usize])
        .collect()
}

#[test]
fn any_text_is_analysed_without_panicking() {
    let analyzer = Analyzer::new();
    let mut noise = Noise(0x2545_f491_4f6c_dd1d);
    for round in 0..2_000 {
        let title_len = (noise.next() % 12) as usize;
        let title = random_text(&mut noise, title_len);
        let text_len = (noise.next() % 400) as usize;
        let text = random_text(&mut noise, text_len);
        let article = Article {
            id: format!("r{round}"),
            title,
            outlet: None,
            url: None,
            published: None,
            language: None,
            text,
            ..Article::default()
        };
        let analysis = analyzer.analyze(&article);
        assert!(analysis.terms.windows(2).all(|w| w[0].term < w[1].term));
        assert!(analysis.entities.iter().all(|e| !e.key.is_empty()));
    }
}

#[test]
fn a_single_enormous_word_is_fine() {
    let article = Article::new("big", "A".repeat(10_000), "Zz".repeat(500_000));
    let analysis = Analyzer::new().analyze(&article);
    assert_eq!(
        analysis.terms.len(),
        2,
        "one term from the title, one from the text"
    );
}
