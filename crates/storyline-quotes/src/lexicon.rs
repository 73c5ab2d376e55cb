//! Word lists: cue verbs, pronouns, titles and role nouns (English). Matched on lower-case words.

/// Verbs that report speech or writing, in the forms news uses around quotes.
pub(crate) fn is_cue_verb(word: &str) -> bool {
    matches!(
        word,
        "said" | "says" | "say" | "told" | "tells" | "added" | "adds" | "asked" | "asks"
            | "continued" | "continues" | "explained" | "explains" | "wrote" | "writes"
            | "tweeted" | "tweets" | "declared" | "declares" | "noted" | "notes" | "argued"
            | "argues" | "insisted" | "insists" | "stated" | "states" | "claimed" | "claims"
            | "recalled" | "recalls" | "warned" | "warns" | "replied" | "replies" | "responded"
            | "responds" | "answered" | "answers" | "admitted" | "admits" | "acknowledged"
            | "acknowledges" | "announced" | "announces" | "joked" | "jokes" | "quipped"
            | "quips" | "remarked" | "remarks" | "conceded" | "concedes" | "predicted"
            | "predicts" | "suggested" | "suggests" | "urged" | "urges" | "vowed" | "vows"
            | "promised" | "promises" | "observed" | "observes" | "complained" | "complains"
            | "shouted" | "shouts" | "yelled" | "yells" | "exclaimed" | "boasted" | "boasts"
            | "bragged" | "brags" | "countered" | "counters" | "contended" | "contends"
            | "maintained" | "maintains" | "emphasized" | "emphasizes" | "emphasised"
            | "stressed" | "stresses" | "lamented" | "laments" | "mused" | "muses"
            | "reiterated" | "reiterates" | "concluded" | "concludes" | "testified" | "posted"
            | "wondered" | "wonders" | "asserted" | "asserts" | "alleged" | "alleges"
            | "cautioned" | "cautions" | "retorted" | "interjected" | "sings" | "sang"
            | "chanted" | "read" | "reads" | "pleaded" | "confirmed" | "confirms" | "reported"
            | "reports" | "thundered" | "snapped" | "fumed" | "gushed" | "marveled" | "marvelled"
            | "pointed" | "went" | "put" | "puts" | "began" | "begins" | "agreed" | "agrees" | "explain" | "tweet" | "write" | "ask" | "tell" | "add" | "insist"
            | "argue" | "warn" | "note" | "claim" | "declare" | "continue" | "saying" | "adding"
            | "writing" | "telling" | "asking" | "noting" | "arguing" | "declaring"
            | "explaining" | "warning" | "insisting" | "joking" | "raved" | "scoffed" | "sniped" | "blasted"
            | "screamed" | "cried" | "whispered" | "sighed" | "laughed" | "proclaimed"
            | "proclaims" | "announcing" | "summed" | "summarized"
            | "echoed" | "surmised" | "riffed" | "opined" | "ranted" | "elaborated" | "clarified"
            | "reasoned" | "reminded" | "reflected" | "assured" | "interrupted" | "begged" | "shot"
            | "fired" | "hit" | "chimed" | "weighed" | "commented" | "mentioned" | "confided"
            | "revealed" | "disclosed" | "speculated" | "guessed" | "figured" | "reckoned" | "queried"
            | "inquired" | "teased" | "cracked" | "griped" | "grumbled" | "muttered" | "bellowed"
            | "roared" | "pledged" | "swore" | "affirmed" | "underscored" | "hinted" | "implored" | "pleads" | "demanded" | "demands"
            | "challenged" | "conceding" | "acknowledging" | "admitting" | "recounted"
            | "recounts" | "texted" | "emailed" | "e-mailed" | "tweeting"
    )
}

/// Cue verbs that need a particle or object to report speech ("pointed out", "went on", "put it").
pub(crate) fn cue_particle(verb: &str) -> Option<&'static [&'static str]> {
    match verb {
        "pointed" => Some(&["out"]),
        "went" => Some(&["on"]),
        "put" | "puts" => Some(&["it"]),
        "summed" => Some(&["up"]),
        "began" | "begins" => Some(&["by", "with"]),
        "shot" | "fired" | "hit" => Some(&["back"]),
        "chimed" | "weighed" => Some(&["in"]),
        _ => None,
    }
}

/// Whether a cue is a participle that takes its subject from the main clause ("Trump spoke, adding: …").
pub(crate) fn is_participle_cue(word: &str) -> bool {
    word.ends_with("ing") && is_cue_verb(word)
}

/// Words that open an adverbial after a cue verb ("said in a statement", "tweeted shortly after") rather than
/// the reported clause.
pub(crate) fn opens_adverbial(word: &str) -> bool {
    matches!(
        word,
        "in" | "on" | "at" | "outside" | "during" | "after" | "before" | "shortly" | "about" | "as"
            | "to" | "while" | "earlier" | "later" | "when" | "of" | "for" | "by" | "from" | "with"
            | "through" | "via" | "last" | "this" | "late" | "early" | "again" | "afterward"
            | "afterwards" | "recently" | "repeatedly" | "publicly" | "privately" | "over" | "under"
            | "tuesday" | "monday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            | "yesterday" | "today" | "tonight" | "so" | "nothing" | "something" | "little"
            | "much" | "more" | "yes" | "no" | "it" | "otherwise" | "too"
    )
}

/// Cues that report a clause without "that": "said the plan failed" (others need "that").
pub(crate) fn takes_bare_clause(word: &str) -> bool {
    matches!(word, "said" | "says" | "told" | "tells" | "added" | "adds" | "wrote" | "writes" | "argued" | "argues" | "insisted" | "insists" | "warned" | "warns" | "claimed" | "claims")
}

/// Verbs that report speech in an indirect quote ("X said (that) ..."): the unambiguous subset.
pub(crate) fn is_indirect_cue(word: &str) -> bool {
    matches!(
        word,
        "said" | "says" | "told" | "tells" | "added" | "adds" | "explained" | "wrote" | "writes"
            | "tweeted" | "declared" | "noted" | "argued" | "argues" | "insisted" | "insists"
            | "stated" | "claimed" | "claims" | "warned" | "warns" | "replied" | "responded"
            | "admitted" | "acknowledged" | "announced" | "conceded" | "predicted" | "suggested"
            | "vowed" | "promised" | "complained" | "boasted" | "contended" | "maintained"
            | "stressed" | "reiterated" | "asserted" | "alleged" | "cautioned" | "confirmed"
            | "reported" | "emphasized" | "recalled"
    )
}

/// Personal pronouns that can be speakers, with the person they need.
pub(crate) fn pronoun(word: &str) -> Option<Pronoun> {
    Some(match word {
        "he" | "He" => Pronoun::He,
        "she" | "She" => Pronoun::She,
        "they" | "They" => Pronoun::They,
        "it" | "It" => Pronoun::It,
        "i" | "I" | "we" | "We" | "you" | "You" => Pronoun::Other,
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Pronoun {
    He,
    She,
    They,
    It,
    /// First and second person: the speaker is the writer or the addressee, not resolved.
    Other,
}

/// Titles that introduce a person's name and are not part of it, with the gender they imply.
pub(crate) fn title(word: &str) -> Option<Gender> {
    Some(match word {
        "mr" | "mr." | "sir" | "lord" | "king" | "prince" | "congressman" | "spokesman"
        | "chairman" | "businessman" | "father" | "brother" | "husband" | "son" => Gender::Male,
        "mrs" | "mrs." | "ms" | "ms." | "miss" | "lady" | "queen" | "princess"
        | "congresswoman" | "spokeswoman" | "chairwoman" | "businesswoman" | "mother"
        | "sister" | "wife" | "daughter" => Gender::Female,
        "dr" | "prof" | "professor" | "president" | "vice" | "prime" | "minister" | "premier"
        | "chancellor" | "secretary" | "general" | "gen" | "senator" | "sen" | "rep"
        | "representative" | "governor" | "gov" | "mayor" | "pope" | "chief" | "judge"
        | "justice" | "attorney" | "ambassador" | "spokesperson" | "candidate" | "nominee"
        | "speaker" | "leader" | "director" | "commissioner" | "former" | "state" | "u.s"
        | "us" | "lt" | "col" | "sgt" | "adm" | "reverend" | "rev" | "pastor" | "rabbi"
        | "democratic" | "republican" | "gop" | "sheriff" | "officer" | "detective"
        | "coach" | "host" | "anchor" | "columnist" | "correspondent" | "reporter" => Gender::Unknown,
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
    Unknown,
}

/// Nouns that name a person by role ("the spokesman", "a senior official"); a nominal speaker's head.
pub(crate) fn is_role_noun(word: &str) -> bool {
    matches!(
        word,
        "spokesman" | "spokeswoman" | "spokesperson" | "official" | "officials" | "aide"
            | "aides" | "adviser" | "advisers" | "advisor" | "advisors" | "strategist"
            | "strategists" | "manager" | "chairman" | "chairwoman" | "chair" | "director"
            | "secretary" | "senator" | "congressman" | "congresswoman" | "lawmaker"
            | "lawmakers" | "representative" | "governor" | "mayor" | "president" | "candidate"
            | "nominee" | "lawyer" | "attorney" | "economist" | "analyst" | "analysts"
            | "professor" | "pollster" | "executive" | "leader" | "leaders" | "minister"
            | "ambassador" | "officer" | "chief" | "founder" | "author" | "historian" | "expert"
            | "experts" | "source" | "sources" | "consultant" | "operative" | "surrogate"
            | "surrogates" | "campaign" | "statement" | "spokespeople" | "staffer" | "staffers"
            | "supporter" | "supporters" | "voter" | "voters" | "critic" | "critics" | "senators"
            | "speaker" | "host" | "anchor" | "reporter" | "reporters" | "columnist" | "writer"
            | "correspondent" | "editor" | "commentator" | "activist" | "activists" | "organizer"
            | "president-elect" | "administration" | "committee" | "group" | "organization"
            | "report" | "memo" | "letter" | "poll" | "survey" | "study" | "website" | "ad"
            | "release" | "agency" | "department" | "court" | "judge" | "police" | "sheriff"
            | "prosecutor" | "prosecutors" | "investigators" | "witness" | "witnesses"
            | "resident" | "residents" | "woman" | "man" | "people" | "delegate" | "delegates"
            | "member" | "members" | "chairs" | "governors" | "mayors" | "insider" | "insiders"
            | "donor" | "donors" | "veteran" | "friend" | "friends" | "daughter" | "son"
            | "wife" | "husband" | "mother" | "father" | "doctor" | "physician" | "rival"
            | "opponent" | "challenger" | "incumbent" | "democrat" | "democrats" | "republican"
            | "republicans" | "conservatives" | "liberals" | "progressives" | "clerk"
            | "employee" | "employees" | "worker" | "workers" | "student" | "students"
            | "teacher" | "pastor" | "scholar" | "researcher" | "researchers" | "scientist"
            | "scientists" | "partner" | "colleague" | "colleagues" | "allies" | "ally"
            | "chairmen" | "secretaries" | "commissioner" | "counsel" | "fellow" | "attendee"
            | "attendees" | "protester" | "protesters" | "crowd" | "audience" 
    )
}

/// Determiners and possessives that open a nominal speaker ("the spokesman", "his aide").
pub(crate) fn is_determiner(word: &str) -> bool {
    matches!(
        word,
        "the" | "a" | "an" | "another" | "one" | "his" | "her" | "their" | "its" | "our" | "two"
            | "three" | "several" | "some" | "many" | "other" | "both" | "most" | "few" | "this"
            | "that" | "these" | "those" | "each" | "any" | "no"
    )
}

/// Words that stand between a speaker and the cue verb without ending the subject ("Trump later said").
pub(crate) fn is_adverb(word: &str) -> bool {
    matches!(
        word,
        "also" | "later" | "then" | "once" | "again" | "recently" | "previously" | "has" | "had"
            | "have" | "would" | "will"  | "flatly" | "simply" | "just" | "still"
            | "often" | "repeatedly" | "earlier" | "now" | "even" | "publicly"
            | "privately" | "reportedly" | "allegedly" | "first" | "quickly" | "never" | "did"
            | "does" | "can" | "could" | "may" | "might" | "must" | "should" | "wryly"
            | "frequently" | "finally" | "softly" | "only" | "famously" 
            | "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
            | "today" | "yesterday" | "tonight" | "morning" | "afternoon" | "evening" | "night"
    ) || (word.len() > 4 && word.ends_with("ly"))
}

/// Function words capitalised only because a sentence starts with them; never the start of a name.
pub(crate) fn is_sentence_function_word(word: &str) -> bool {
    matches!(
        word,
        "the" | "a" | "an" | "in" | "on" | "at" | "for" | "but" | "and" | "or" | "if" | "when"
            | "while" | "after" | "before" | "as" | "by" | "from" | "to" | "with" | "this"
            | "that" | "these" | "those" | "his" | "her" | "its" | "their" | "our" | "my"
            | "your" | "he" | "she" | "it" | "they" | "we" | "there" | "here" | "then" | "so"
            | "yet" | "also" | "however" | "meanwhile" | "according" | "despite" | "since"
            | "until" | "under" | "over" | "during" | "about" | "although" | "because" | "both"
            | "many" | "some" | "several" | "all" | "every" | "each" | "no" | "not" | "now"
            | "why" | "how" | "what" | "who" | "where" | "which" | "still" | "instead" | "asked"
            | "speaking" | "earlier" | "later" | "last" | "next" | "even" | "just" | "only"
            | "i" | "you" | "we're" | "it's" | "that's" | "there's" | "yes" | "oh" | "well"
            | "like" | "unlike" | "more" | "most" | "other" | "among" | "between" | "through"
            | "into" | "without" | "against" | "thanks" | "whether" | "though" | "once"
            | "one" | "two" | "three" | "another" | "dear" | "do" | "does" | "did"
            | "is" | "are" | "was" | "were" | "will" | "would" | "can" | "could" | "should"
            | "let" | "let's" | "don't" | "i'm" | "we've" | "i've" | "mr" | "mrs" | "ms"
            | "sen" | "rep" | "gov" | "dr"
    )
}

/// Last words that make a capitalised span an organisation or place rather than a person.
pub(crate) fn is_non_person_head(word: &str) -> bool {
    matches!(
        word,
        "party" | "committee" | "house" | "department" | "campaign" | "news" | "post" | "times"
            | "press" | "university" | "college" | "school" | "council" | "police" | "agency"
            | "association" | "commission" | "court" | "office" | "army" | "fund" | "group"
            | "bank" | "foundation" | "institute" | "center" | "centre" | "network" | "journal"
            | "magazine" | "tribune" | "herald" | "daily" | "review" | "street" | "states"
            | "state" | "city" | "county" | "senate" | "congress" | "administration" | "union"
            | "service" | "services" | "club" | "church" | "company" | "inc" | "corp" | "pac"
            | "reuters" | "cnn" | "nbc" | "abc" | "cbs" | "fox" | "msnbc" | "npr"
            | "bbc" | "twitter" | "facebook" | "instagram" | "google" | "america" | "caucus"
            | "coalition" | "alliance" | "federation" | "league" | "movement" | "project"
            | "initiative" | "forum" | "media" | "radio" | "television" | "tv" | "today"
            | "world" | "report" | "poll" | "convention" | "debate" | "forces" | "force"
            | "navy" | "guard" | "cabinet" | "government" | "ministry" | "board" | "bureau"
            | "affairs" | "security" | "staff" | "hall" | "tower" | "square" | "avenue"
            | "island" | "river" | "valley" | "district" | "region" | "province"
            | "parliament" | "assembly" | "nations" | "economist" | "atlantic" | "hill"
            | "politico" | "breitbart" | "gop" | "fbi" | "cia" | "nsa" | "dnc" | "rnc" | "nra"
            | "isis" | "al" | "islam" | "god" | "democrats" | "republicans"
    )
}
