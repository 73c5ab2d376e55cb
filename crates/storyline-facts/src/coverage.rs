//! How an event's sources cover it: which members copy which wire story, the quotes they carry and a summary.

use crate::copies::{copy_groups, find_copies, Copies};
use crate::near::member_tokens;
use crate::quotes::event_quotes;
use crate::summary::summarise;
use crate::{EntityIndex, Member, Reader, Reading};
use storyline_model::{CopyGroup, Quote, SummarySentence};

pub struct Coverage {
    pub copies: Copies,
    pub copy_groups: Vec<CopyGroup>,
    pub quotes: Vec<Quote>,
    pub summary: Vec<SummarySentence>,
}

/// Reads the coverage of an event from its members and their readings (in the same order).
pub fn coverage(
    members: &[Member<'_>],
    readings: &[Reading],
    entities: &EntityIndex,
    reader: &Reader,
) -> Coverage {
    let tokens = member_tokens(members, &reader.stop_words);
    let copies = find_copies(members, &tokens);
    Coverage {
        copy_groups: copy_groups(members, &copies),
        quotes: event_quotes(members, readings, &tokens, &copies, entities),
        summary: summarise(members, readings, &tokens, &copies),
        copies,
    }
}
