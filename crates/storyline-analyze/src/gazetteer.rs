//! The gazetteer: countries, first-level regions and cities (15,000+ inhabitants) with coordinates, country
//! codes and populations, GeoNames-derived and compiled into the binary (data/places.tsv, written by
//! scripts/gen-gazetteer.py from registry packages).
//!
//! A name can stand for many places ("Paris" is in France and in Texas): the one chosen is in a country the
//! article names, else the most populous. Small places need more evidence than a capitalised word, because many
//! town names are also surnames and ordinary words.

use crate::entities::canonical_key;
use rustc_hash::FxHashMap;
use std::sync::Arc;
use storyline_model::{Location, PlaceKind};

const PLACES_TSV: &str = include_str!("../data/places.tsv");

/// Words that follow a region's name in news text ("the Amur Region", "Primorsky Krai") and are not in the
/// gazetteer's own spelling.
const REGION_WORDS: &[&str] = &[
    "region",
    "oblast",
    "province",
    "krai",
    "kray",
    "state",
    "prefecture",
    "county",
    "governorate",
    "territory",
    "republic",
];

/// Words that name a part of a place before its name ("Southern California", "downtown Paris").
const AREA_WORDS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "downtown",
    "suburban",
    "greater",
    "upstate",
];

/// A place with this many inhabitants is taken on its name alone; smaller ones need a hint that the name is a
/// place (after "in", a multi-word name, or a country of the article).
const WELL_KNOWN_POPULATION: u64 = 100_000;

struct Entry {
    /// Shared with every article entity resolved to it, so that a large corpus holds one copy.
    location: Arc<Location>,
    population: u64,
    /// A country's capital: "Washington" is the city before it is the state.
    capital: bool,
}

pub(crate) struct Gazetteer {
    entries: Vec<Entry>,
    /// Canonical name to entries, each with whether the name is the entry's own (not one of its alternates).
    by_key: FxHashMap<String, Vec<(u32, bool)>>,
    country_by_code: FxHashMap<String, u32>,
}

/// What the article says around a name, for choosing among places of that name.
pub(crate) struct Evidence<'a> {
    /// Country codes the article names.
    pub countries: &'a [&'a str],
    /// The name follows "in", "near" … at least as often as not.
    pub place_hint: bool,
}

impl Gazetteer {
    pub(crate) fn new() -> Self {
        let mut entries = Vec::new();
        let mut by_key: FxHashMap<String, Vec<(u32, bool)>> = FxHashMap::default();
        let mut country_by_code = FxHashMap::default();
        for line in PLACES_TSV.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [kind, name, country, region, lat, lon, population, alternates] = fields[..] else {
                continue;
            };
            let (kind, capital) = match kind {
                "country" => (PlaceKind::Country, false),
                "region" => (PlaceKind::Region, false),
                "capital" => (PlaceKind::City, true),
                "city" => (PlaceKind::City, false),
                _ => continue,
            };
            let (Ok(latitude), Ok(longitude), Ok(population)) =
                (lat.parse(), lon.parse(), population.parse())
            else {
                continue;
            };
            let index = entries.len() as u32;
            if kind == PlaceKind::Country {
                country_by_code.insert(country.to_string(), index);
            }
            let own = canonical_key(name);
            let mut keys: Vec<String> = alternates
                .split(';')
                .map(canonical_key)
                .filter(|k| !k.is_empty() && *k != own)
                .collect();
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                // A short form of the own name ("New York" of "New York City") is as good as the name.
                let short_form = own.starts_with(&format!("{key} "));
                by_key.entry(key).or_default().push((index, short_form));
            }
            by_key.entry(own).or_default().push((index, true));
            entries.push(Entry {
                location: Arc::new(Location {
                    kind,
                    name: name.to_string(),
                    country: country.to_string(),
                    region: (!region.is_empty()).then(|| region.to_string()),
                    latitude,
                    longitude,
                }),
                population,
                capital,
            });
        }
        Gazetteer {
            entries,
            by_key,
            country_by_code,
        }
    }

    /// The country with this ISO code.
    pub(crate) fn country(&self, code: &str) -> Option<&Arc<Location>> {
        self.country_by_code
            .get(code)
            .map(|&i| &self.entries[i as usize].location)
    }

    /// Whether a name is the own name of a country, a region or a city of 100,000 or more.
    pub(crate) fn is_well_known(&self, key: &str) -> bool {
        self.by_key.get(key).is_some_and(|candidates| {
            candidates.iter().any(|&(i, own)| {
                let entry = &self.entries[i as usize];
                own && (entry.location.kind != PlaceKind::City
                    || entry.population >= WELL_KNOWN_POPULATION)
            })
        })
    }

    /// The place a name (as a canonical key) most likely stands for, if the evidence is enough.
    pub(crate) fn locate(&self, key: &str, evidence: &Evidence<'_>) -> Option<&Arc<Location>> {
        // "Southern California", "northeast Philadelphia": a part of a known place is found at that place.
        if let Some((area, place)) = key.split_once(' ') {
            if AREA_WORDS.contains(&area) && self.is_well_known(place) {
                return self.locate(place, evidence);
            }
        }
        let (name, region_only) = match key.rsplit_once(' ') {
            Some((head, last)) if REGION_WORDS.contains(&last) => (head, true),
            _ => (key, false),
        };
        let candidates = self.by_key.get(name)?;
        let in_named_country = |entry: &Entry| {
            evidence
                .countries
                .contains(&entry.location.country.as_str())
        };
        // An alternate name ("Angara" for Ankara) is a weaker hint than a place's own name: it counts only
        // in an article that names the place's country or puts the name after "in".
        let entries = candidates
            .iter()
            .filter(|(i, own)| {
                *own || evidence.place_hint || in_named_country(&self.entries[*i as usize])
            })
            .map(|(i, _)| &self.entries[*i as usize])
            .filter(|entry| !region_only || entry.location.kind == PlaceKind::Region);
        let most_likely = |a: &&Entry, b: &&Entry| {
            (in_named_country(a), rank(a)).cmp(&(in_named_country(b), rank(b)))
        };
        let mut best = entries.clone().max_by(most_likely)?;
        // A region named after a big city is meant less often than the city ("New York"): a capital, a city of
        // a million, or one that holds half of the region's people, wins.
        if best.location.kind == PlaceKind::Region && !region_only {
            if let Some(city) = entries
                .filter(|e| e.location.kind == PlaceKind::City)
                .filter(|e| e.location.country == best.location.country || e.capital)
                .max_by_key(|e| (e.capital, e.population))
                .filter(|city| {
                    city.capital
                        || city.population >= 1_000_000
                        || city.population * 2 >= best.population
                })
            {
                best = city;
            }
        }
        let multi_word = key.contains(' ');
        let enough = region_only
            || best.location.kind != PlaceKind::City
            || best.population >= WELL_KNOWN_POPULATION
            || evidence.place_hint
            || multi_word
            || in_named_country(best);
        enough.then_some(&best.location)
    }
}

/// Countries before regions before cities, then population.
fn rank(entry: &Entry) -> (u8, u64) {
    let kind = match entry.location.kind {
        PlaceKind::Country => 2,
        PlaceKind::Region => 1,
        PlaceKind::City => 0,
    };
    (kind, entry.population)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate<'g>(
        gazetteer: &'g Gazetteer,
        name: &str,
        countries: &[&str],
        hint: bool,
    ) -> Option<&'g Location> {
        gazetteer
            .locate(
                &canonical_key(name),
                &Evidence {
                    countries,
                    place_hint: hint,
                },
            )
            .map(|location| &**location)
    }

    #[test]
    fn cities_regions_and_countries_resolve_with_their_country_and_coordinates() {
        let gazetteer = Gazetteer::new();
        let vladivostok = locate(&gazetteer, "Vladivostok", &[], false).unwrap();
        assert_eq!(
            (vladivostok.kind, vladivostok.country.as_str()),
            (PlaceKind::City, "RU")
        );
        assert!(
            (vladivostok.latitude - 43.1).abs() < 0.1
                && (vladivostok.longitude - 131.9).abs() < 0.1
        );
        let amur = locate(&gazetteer, "Amur Region", &[], false).unwrap();
        assert_eq!(
            (amur.kind, amur.country.as_str(), amur.name.as_str()),
            (PlaceKind::Region, "RU", "Amur")
        );
        let russia = gazetteer.country("RU").unwrap();
        assert_eq!(russia.kind, PlaceKind::Country);
    }

    #[test]
    fn an_ambiguous_name_goes_to_the_country_the_article_names_else_the_largest() {
        let gazetteer = Gazetteer::new();
        assert_eq!(
            locate(&gazetteer, "Paris", &[], false).unwrap().country,
            "FR"
        );
        assert_eq!(
            locate(&gazetteer, "Paris", &["US"], false).unwrap().country,
            "US"
        );
        let new_york = locate(&gazetteer, "New York", &[], false).unwrap();
        assert_eq!(
            (new_york.kind, new_york.country.as_str()),
            (PlaceKind::City, "US")
        );
        let washington = locate(&gazetteer, "Washington", &[], false).unwrap();
        assert_eq!(
            (washington.kind, washington.region.as_deref()),
            (PlaceKind::City, Some("Washington, D.C."))
        );
        // "Angara" is one of Ankara's alternate names, and a river and a rocket in Russia.
        assert!(locate(&gazetteer, "Angara", &["RU"], false).is_none());
    }

    #[test]
    fn small_towns_need_a_hint_before_a_capitalised_word_is_taken_for_them() {
        let gazetteer = Gazetteer::new();
        // Obama is a town in Japan of about 30,000 people, and far more often a surname.
        assert!(locate(&gazetteer, "Obama", &[], false).is_none());
        assert_eq!(
            locate(&gazetteer, "Obama", &[], true).unwrap().country,
            "JP"
        );
    }
}
