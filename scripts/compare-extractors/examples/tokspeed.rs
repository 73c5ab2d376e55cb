use std::io::Read;
use html5ever::tokenizer::{BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts, TagToken, StartTag};
use std::cell::Cell;
struct Sink { n: Cell<usize> }
impl TokenSink for Sink {
    type Handle = ();
    fn process_token(&self, token: Token, _l: u64) -> TokenSinkResult<()> {
        self.n.set(self.n.get()+1);
        if let TagToken(t) = &token { if t.kind == StartTag && (&*t.name == "script" || &*t.name == "style") { return TokenSinkResult::RawData(html5ever::tokenizer::states::RawKind::ScriptData); } }
        TokenSinkResult::Continue
    }
}
fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap()).join("html");
    let mut pages = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() { let b = std::fs::read(e.unwrap().path()).unwrap(); let mut h = Vec::new(); flate2::read::GzDecoder::new(&b[..]).read_to_end(&mut h).unwrap(); pages.push(String::from_utf8_lossy(&h).into_owned()); }
    let total: usize = pages.iter().map(|p| p.len()).sum();
    let t = std::time::Instant::now();
    let mut n = 0;
    for p in &pages {
        let tok = Tokenizer::new(Sink { n: Cell::new(0) }, TokenizerOpts::default());
        let q = BufferQueue::default(); q.push_back(p.as_str().into());
        let _ = tok.feed(&q); tok.end(); n += tok.sink.n.get();
    }
    let s = t.elapsed().as_secs_f64();
    println!("{n} tokens, {} MB in {s:.3}s: {:.1} MB/s, {:.0} pages/s", total/1000000, total as f64/1e6/s, pages.len() as f64/s);
}
