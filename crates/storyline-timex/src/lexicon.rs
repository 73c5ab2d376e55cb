//! The words time expressions are built from, per language, looked up once per token.

use crate::value::{DayPart, Reference, Season, Unit};
use chrono::Weekday;
use rustc_hash::FxHashMap;

/// Languages with a word table. Numeric dates are read in every language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    English,
    German,
    French,
    Spanish,
    Italian,
    Dutch,
}

impl Language {
    /// From an ISO 639-1 code ("en", "de", …).
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code.to_ascii_lowercase().as_str() {
            "en" => Language::English,
            "de" => Language::German,
            "fr" => Language::French,
            "es" => Language::Spanish,
            "it" => Language::Italian,
            "nl" => Language::Dutch,
            _ => return None,
        })
    }
}

/// Direction of a relative word: the previous, the current or the next unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Relative {
    Last,
    This,
    Next,
}

/// What a word can contribute to a time expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    Month(u32),
    Weekday(Weekday),
    /// A unit and whether the word is plural.
    Unit(Unit, bool),
    Number(u32),
    /// "twenty", "thirty" …: may take a following number word.
    Tens(u32),
    Ordinal(u32),
    /// "a", "an", "one" before a unit.
    Article,
    /// "several", "few", "many", "some": an unspecified amount.
    Vague,
    /// "yesterday" (-1), "today" (0), "tomorrow" (+1) and their kin.
    DayOffset(i32),
    Tonight,
    Reference(Reference),
    Part(DayPart),
    Season(Season),
    Relative(Relative),
    /// "the past": before a unit, like `Relative::Last`; alone, the past.
    Past,
    /// "early", "mid", "late", "earlier", "later", "end".
    Edge,
    /// "ago", "earlier" after an amount: back in time; "later", "from now": forward.
    Ago,
    Hence,
    /// "mornings", "nights": a part of the day that repeats.
    Parts(DayPart),
    /// "beginning", "middle", "start" (before "of").
    Stretch,
    /// "every", "each", "per".
    Every,
    /// "daily", "weekly" …
    Periodic(Unit),
    Noon,
    Midnight,
    /// "about", "nearly", "almost" …: kept in a duration's span.
    Approximately,
    The,
    Fiscal,
    Quarter,
    Half,
    Weekend,
    Christmas,
    Easter,
    Thanksgiving,
    /// A time zone after a clock time.
    Zone,
    /// A word announcing the future: "will", "next", "scheduled" …
    FutureCue,
    /// "these", for "these days" (nowadays).
    These,
    /// "that", for "that year".
    That,
    /// "then", for "the then current price".
    Then,
}

/// Words whose time meaning needs a capital letter: "May" the month, not "may" the verb.
pub(crate) fn needs_capital(lower: &str) -> bool {
    matches!(
        lower,
        "may" | "march" | "sat" | "sun" | "wed" | "mar" | "jan" | "easter"
    )
}

fn english(table: &mut FxHashMap<&'static str, Lex>) {
    use Lex::*;
    let months = [
        ("january", 1),
        ("jan", 1),
        ("february", 2),
        ("feb", 2),
        ("march", 3),
        ("mar", 3),
        ("april", 4),
        ("apr", 4),
        ("may", 5),
        ("june", 6),
        ("jun", 6),
        ("july", 7),
        ("jul", 7),
        ("august", 8),
        ("aug", 8),
        ("september", 9),
        ("sept", 9),
        ("sep", 9),
        ("october", 10),
        ("oct", 10),
        ("november", 11),
        ("nov", 11),
        ("december", 12),
        ("dec", 12),
    ];
    for (word, month) in months {
        table.insert(word, Month(month));
    }
    let weekdays = [
        ("monday", chrono::Weekday::Mon),
        ("tuesday", chrono::Weekday::Tue),
        ("wednesday", chrono::Weekday::Wed),
        ("thursday", chrono::Weekday::Thu),
        ("friday", chrono::Weekday::Fri),
        ("saturday", chrono::Weekday::Sat),
        ("sunday", chrono::Weekday::Sun),
    ];
    for (word, day) in weekdays {
        table.insert(word, Weekday(day));
    }
    let units = [
        ("second", crate::value::Unit::Second),
        ("minute", crate::value::Unit::Minute),
        ("hour", crate::value::Unit::Hour),
        ("day", crate::value::Unit::Day),
        ("week", crate::value::Unit::Week),
        ("month", crate::value::Unit::Month),
        ("quarter", crate::value::Unit::Quarter),
        ("year", crate::value::Unit::Year),
        ("decade", crate::value::Unit::Decade),
        ("century", crate::value::Unit::Century),
    ];
    for (word, unit) in units {
        table.insert(word, Unit(unit, false));
    }
    for (word, unit) in [
        ("seconds", crate::value::Unit::Second),
        ("minutes", crate::value::Unit::Minute),
        ("hours", crate::value::Unit::Hour),
        ("days", crate::value::Unit::Day),
        ("weeks", crate::value::Unit::Week),
        ("months", crate::value::Unit::Month),
        ("quarters", crate::value::Unit::Quarter),
        ("years", crate::value::Unit::Year),
        ("decades", crate::value::Unit::Decade),
        ("centuries", crate::value::Unit::Century),
    ] {
        table.insert(word, Unit(unit, true));
    }
    let numbers = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    for (n, word) in numbers.into_iter().enumerate() {
        table.insert(word, Number(n as u32));
    }
    table.insert("one", Article);
    for (word, n) in [
        ("twenty", 20),
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
    ] {
        table.insert(word, Tens(n));
    }
    table.insert("hundred", Number(100));
    table.insert("dozen", Number(12));
    for (word, n) in [
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("eleventh", 11),
        ("twelfth", 12),
        ("thirteenth", 13),
        ("fourteenth", 14),
        ("fifteenth", 15),
        ("sixteenth", 16),
        ("seventeenth", 17),
        ("eighteenth", 18),
        ("nineteenth", 19),
        ("twentieth", 20),
        ("thirtieth", 30),
    ] {
        // "second" stays a unit in the table; the quarter rule also reads it as an ordinal.
        table.entry(word).or_insert(Ordinal(n));
    }
    for word in ["a", "an"] {
        table.insert(word, Article);
    }
    for word in ["several", "few", "many", "some", "couple"] {
        table.insert(word, Vague);
    }
    table.insert("yesterday", DayOffset(-1));
    table.insert("today", DayOffset(0));
    table.insert("tomorrow", DayOffset(1));
    table.insert("tonight", Tonight);
    for word in ["now", "currently", "current", "presently", "nowadays"] {
        table.insert(word, Reference(crate::value::Reference::Present));
    }
    for word in ["recently", "recent", "lately"] {
        table.insert(word, Reference(crate::value::Reference::Past));
    }
    table.insert("future", Reference(crate::value::Reference::Future));
    table.insert("these", These);
    table.insert("that", That);
    table.insert("then", Then);
    for (word, part) in [
        ("morning", crate::value::DayPart::Morning),
        ("afternoon", crate::value::DayPart::Afternoon),
        ("evening", crate::value::DayPart::Evening),
        ("night", crate::value::DayPart::Night),
        ("midday", crate::value::DayPart::Midday),
    ] {
        table.insert(word, Part(part));
    }
    for (word, part) in [
        ("mornings", crate::value::DayPart::Morning),
        ("afternoons", crate::value::DayPart::Afternoon),
        ("evenings", crate::value::DayPart::Evening),
        ("nights", crate::value::DayPart::Night),
    ] {
        table.insert(word, Parts(part));
    }
    for word in ["beginning", "middle", "start"] {
        table.insert(word, Stretch);
    }
    for (word, season) in [
        ("spring", crate::value::Season::Spring),
        ("summer", crate::value::Season::Summer),
        ("fall", crate::value::Season::Fall),
        ("autumn", crate::value::Season::Fall),
        ("winter", crate::value::Season::Winter),
    ] {
        table.insert(word, Season(season));
    }
    for word in ["last", "previous", "preceding"] {
        table.insert(word, Relative(self::Relative::Last));
    }
    for word in ["this", "current", "coming"] {
        table.entry(word).or_insert(Relative(self::Relative::This));
    }
    for word in ["next", "following", "upcoming"] {
        table.insert(word, Relative(self::Relative::Next));
    }
    table.insert("coming", Relative(self::Relative::Next));
    table.insert("past", Past);
    for word in ["early", "mid", "late", "end"] {
        table.insert(word, Edge);
    }
    table.insert("earlier", Ago);
    table.insert("ago", Ago);
    table.insert("later", Hence);
    table.insert("hence", Hence);
    for word in ["every", "each", "per"] {
        table.insert(word, Every);
    }
    for (word, unit) in [
        ("hourly", crate::value::Unit::Hour),
        ("daily", crate::value::Unit::Day),
        ("nightly", crate::value::Unit::Day),
        ("weekly", crate::value::Unit::Week),
        ("monthly", crate::value::Unit::Month),
        ("annually", crate::value::Unit::Year),
        ("yearly", crate::value::Unit::Year),
    ] {
        table.insert(word, Periodic(unit));
    }
    table.insert("noon", Noon);
    table.insert("midnight", Midnight);
    for word in [
        "about",
        "around",
        "nearly",
        "almost",
        "approximately",
        "roughly",
        "at",
        "least",
        "more",
        "less",
        "up",
        "no",
        "right",
    ] {
        table.insert(word, Approximately);
    }
    table.insert("the", The);
    table.insert("fiscal", Fiscal);
    table.insert("quarter", Quarter);
    table.insert("half", Half);
    table.insert("weekend", Weekend);
    table.insert("christmas", Christmas);
    table.insert("thanksgiving", Thanksgiving);
    table.insert("easter", Easter);
    for word in [
        "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest",
        "et",
    ] {
        table.insert(word, Zone);
    }
    for word in [
        "will",
        "would",
        "shall",
        "ll",
        "scheduled",
        "expected",
        "plan",
        "plans",
        "planning",
        "planned",
        "going",
        "due",
        "wird",
        "werden",
        "soll",
        "sera",
        "seront",
        "va",
        "vont",
        "será",
        "serán",
        "va",
        "sarà",
        "saranno",
        "zal",
        "zullen",
    ] {
        table.insert(word, FutureCue);
    }
}

/// Month names, weekdays, day words and units of one of the other news languages.
struct Words {
    months: [&'static [&'static str]; 12],
    weekdays: [&'static [&'static str]; 7],
    day_offsets: &'static [(&'static str, i32)],
    units: &'static [(&'static str, Unit, bool)],
    relatives: &'static [(&'static str, Relative)],
    numbers: &'static [(&'static str, u32)],
    ago: &'static [&'static str],
    present: &'static [&'static str],
}

const GERMAN: Words = Words {
    months: [
        &["januar", "jänner", "jan"],
        &["februar", "feb"],
        &["märz", "mär"],
        &["april", "apr"],
        &["mai"],
        &["juni", "jun"],
        &["juli", "jul"],
        &["august", "aug"],
        &["september", "sept", "sep"],
        &["oktober", "okt"],
        &["november", "nov"],
        &["dezember", "dez"],
    ],
    weekdays: [
        &["montag"],
        &["dienstag"],
        &["mittwoch"],
        &["donnerstag"],
        &["freitag"],
        &["samstag", "sonnabend"],
        &["sonntag"],
    ],
    day_offsets: &[
        ("vorgestern", -2),
        ("gestern", -1),
        ("heute", 0),
        ("morgen", 1),
        ("übermorgen", 2),
    ],
    units: &[
        ("tag", Unit::Day, false),
        ("tage", Unit::Day, true),
        ("tagen", Unit::Day, true),
        ("woche", Unit::Week, false),
        ("wochen", Unit::Week, true),
        ("monat", Unit::Month, false),
        ("monate", Unit::Month, true),
        ("monaten", Unit::Month, true),
        ("jahr", Unit::Year, false),
        ("jahre", Unit::Year, true),
        ("jahren", Unit::Year, true),
        ("stunde", Unit::Hour, false),
        ("stunden", Unit::Hour, true),
    ],
    relatives: &[
        ("letzte", Relative::Last),
        ("letzten", Relative::Last),
        ("letztes", Relative::Last),
        ("vergangene", Relative::Last),
        ("vergangenen", Relative::Last),
        ("vergangenes", Relative::Last),
        ("vorige", Relative::Last),
        ("vorigen", Relative::Last),
        ("diese", Relative::This),
        ("diesen", Relative::This),
        ("dieses", Relative::This),
        ("nächste", Relative::Next),
        ("nächsten", Relative::Next),
        ("nächstes", Relative::Next),
        ("kommende", Relative::Next),
        ("kommenden", Relative::Next),
    ],
    numbers: &[
        ("ein", 1),
        ("eine", 1),
        ("einem", 1),
        ("einer", 1),
        ("zwei", 2),
        ("drei", 3),
        ("vier", 4),
        ("fünf", 5),
        ("sechs", 6),
        ("sieben", 7),
        ("acht", 8),
        ("neun", 9),
        ("zehn", 10),
        ("zwölf", 12),
    ],
    ago: &["vor"],
    present: &["derzeit", "zurzeit", "gegenwärtig"],
};

const FRENCH: Words = Words {
    months: [
        &["janvier", "janv"],
        &["février", "fevrier", "févr"],
        &["mars"],
        &["avril"],
        &["mai"],
        &["juin"],
        &["juillet"],
        &["août", "aout"],
        &["septembre", "sept"],
        &["octobre", "oct"],
        &["novembre", "nov"],
        &["décembre", "decembre", "déc"],
    ],
    weekdays: [
        &["lundi"],
        &["mardi"],
        &["mercredi"],
        &["jeudi"],
        &["vendredi"],
        &["samedi"],
        &["dimanche"],
    ],
    day_offsets: &[("hier", -1), ("aujourd", 0), ("demain", 1)],
    units: &[
        ("jour", Unit::Day, false),
        ("jours", Unit::Day, true),
        ("semaine", Unit::Week, false),
        ("semaines", Unit::Week, true),
        ("mois", Unit::Month, false),
        ("an", Unit::Year, false),
        ("ans", Unit::Year, true),
        ("année", Unit::Year, false),
        ("années", Unit::Year, true),
        ("heure", Unit::Hour, false),
        ("heures", Unit::Hour, true),
    ],
    relatives: &[
        ("dernier", Relative::Last),
        ("dernière", Relative::Last),
        ("passé", Relative::Last),
        ("passée", Relative::Last),
        ("prochain", Relative::Next),
        ("prochaine", Relative::Next),
    ],
    numbers: &[
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("trois", 3),
        ("quatre", 4),
        ("cinq", 5),
        ("six", 6),
        ("sept", 7),
        ("huit", 8),
        ("neuf", 9),
        ("dix", 10),
        ("douze", 12),
    ],
    ago: &[],
    present: &["actuellement"],
};

const SPANISH: Words = Words {
    months: [
        &["enero"],
        &["febrero"],
        &["marzo"],
        &["abril"],
        &["mayo"],
        &["junio"],
        &["julio"],
        &["agosto"],
        &["septiembre", "setiembre"],
        &["octubre"],
        &["noviembre"],
        &["diciembre"],
    ],
    weekdays: [
        &["lunes"],
        &["martes"],
        &["miércoles", "miercoles"],
        &["jueves"],
        &["viernes"],
        &["sábado", "sabado"],
        &["domingo"],
    ],
    day_offsets: &[("anteayer", -2), ("ayer", -1), ("hoy", 0), ("mañana", 1)],
    units: &[
        ("día", Unit::Day, false),
        ("días", Unit::Day, true),
        ("semana", Unit::Week, false),
        ("semanas", Unit::Week, true),
        ("mes", Unit::Month, false),
        ("meses", Unit::Month, true),
        ("año", Unit::Year, false),
        ("años", Unit::Year, true),
        ("hora", Unit::Hour, false),
        ("horas", Unit::Hour, true),
    ],
    relatives: &[
        ("pasado", Relative::Last),
        ("pasada", Relative::Last),
        ("próximo", Relative::Next),
        ("próxima", Relative::Next),
    ],
    numbers: &[
        ("un", 1),
        ("una", 1),
        ("dos", 2),
        ("tres", 3),
        ("cuatro", 4),
        ("cinco", 5),
        ("seis", 6),
        ("siete", 7),
        ("ocho", 8),
        ("nueve", 9),
        ("diez", 10),
        ("doce", 12),
    ],
    ago: &["hace"],
    present: &["actualmente"],
};

const ITALIAN: Words = Words {
    months: [
        &["gennaio"],
        &["febbraio"],
        &["marzo"],
        &["aprile"],
        &["maggio"],
        &["giugno"],
        &["luglio"],
        &["agosto"],
        &["settembre"],
        &["ottobre"],
        &["novembre"],
        &["dicembre"],
    ],
    weekdays: [
        &["lunedì", "lunedi"],
        &["martedì", "martedi"],
        &["mercoledì", "mercoledi"],
        &["giovedì", "giovedi"],
        &["venerdì", "venerdi"],
        &["sabato"],
        &["domenica"],
    ],
    day_offsets: &[("ieri", -1), ("oggi", 0), ("domani", 1)],
    units: &[
        ("giorno", Unit::Day, false),
        ("giorni", Unit::Day, true),
        ("settimana", Unit::Week, false),
        ("settimane", Unit::Week, true),
        ("mese", Unit::Month, false),
        ("mesi", Unit::Month, true),
        ("anno", Unit::Year, false),
        ("anni", Unit::Year, true),
        ("ora", Unit::Hour, false),
        ("ore", Unit::Hour, true),
    ],
    relatives: &[
        ("scorso", Relative::Last),
        ("scorsa", Relative::Last),
        ("prossimo", Relative::Next),
        ("prossima", Relative::Next),
    ],
    numbers: &[
        ("un", 1),
        ("una", 1),
        ("due", 2),
        ("tre", 3),
        ("quattro", 4),
        ("cinque", 5),
        ("sei", 6),
        ("sette", 7),
        ("otto", 8),
        ("nove", 9),
        ("dieci", 10),
        ("dodici", 12),
    ],
    ago: &["fa"],
    present: &["attualmente"],
};

const DUTCH: Words = Words {
    months: [
        &["januari", "jan"],
        &["februari", "feb"],
        &["maart", "mrt"],
        &["april", "apr"],
        &["mei"],
        &["juni", "jun"],
        &["juli", "jul"],
        &["augustus", "aug"],
        &["september", "sep", "sept"],
        &["oktober", "okt"],
        &["november", "nov"],
        &["december", "dec"],
    ],
    weekdays: [
        &["maandag"],
        &["dinsdag"],
        &["woensdag"],
        &["donderdag"],
        &["vrijdag"],
        &["zaterdag"],
        &["zondag"],
    ],
    day_offsets: &[
        ("eergisteren", -2),
        ("gisteren", -1),
        ("vandaag", 0),
        ("morgen", 1),
        ("overmorgen", 2),
    ],
    units: &[
        ("dag", Unit::Day, false),
        ("dagen", Unit::Day, true),
        ("week", Unit::Week, false),
        ("weken", Unit::Week, true),
        ("maand", Unit::Month, false),
        ("maanden", Unit::Month, true),
        ("jaar", Unit::Year, false),
        ("jaren", Unit::Year, true),
        ("uur", Unit::Hour, false),
    ],
    relatives: &[
        ("vorige", Relative::Last),
        ("vorig", Relative::Last),
        ("afgelopen", Relative::Last),
        ("deze", Relative::This),
        ("dit", Relative::This),
        ("volgende", Relative::Next),
        ("komende", Relative::Next),
    ],
    numbers: &[
        ("een", 1),
        ("één", 1),
        ("twee", 2),
        ("drie", 3),
        ("vier", 4),
        ("vijf", 5),
        ("zes", 6),
        ("zeven", 7),
        ("acht", 8),
        ("negen", 9),
        ("tien", 10),
        ("twaalf", 12),
    ],
    ago: &["geleden"],
    present: &["momenteel", "nu"],
};

fn other(table: &mut FxHashMap<&'static str, Lex>, words: &Words) {
    for (month, names) in words.months.iter().enumerate() {
        for name in *names {
            table.insert(name, Lex::Month(month as u32 + 1));
        }
    }
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    for (day, names) in days.iter().zip(words.weekdays) {
        for name in names {
            table.insert(name, Lex::Weekday(*day));
        }
    }
    for (word, offset) in words.day_offsets {
        table.insert(word, Lex::DayOffset(*offset));
    }
    for (word, unit, plural) in words.units {
        table.insert(word, Lex::Unit(*unit, *plural));
    }
    for (word, relative) in words.relatives {
        table.insert(word, Lex::Relative(*relative));
    }
    for (word, n) in words.numbers {
        table.insert(word, Lex::Number(*n));
    }
    for word in words.ago {
        table.insert(word, Lex::Ago);
    }
    for word in words.present {
        table.insert(word, Lex::Reference(Reference::Present));
    }
}

/// The word table of a language.
pub(crate) fn lexicon(language: Language) -> FxHashMap<&'static str, Lex> {
    let mut table = FxHashMap::default();
    match language {
        Language::English => english(&mut table),
        Language::German => other(&mut table, &GERMAN),
        Language::French => other(&mut table, &FRENCH),
        Language::Spanish => other(&mut table, &SPANISH),
        Language::Italian => other(&mut table, &ITALIAN),
        Language::Dutch => other(&mut table, &DUTCH),
    }
    table
}
