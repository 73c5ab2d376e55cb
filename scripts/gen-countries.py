#!/usr/bin/env python3
"""Writes crates/storyline-analyze/data/countries.tsv from pycountry (ISO 3166-1, from Debian's iso-codes).

Run: pip install pycountry==26.2.16 && python3 scripts/gen-countries.py
Each line: ISO alpha-2 code, a tab, a name. Short news names the ISO list lacks are added by hand below.
"""
import pathlib

import pycountry

EXTRA = {
    "US": ["United States", "USA", "U.S.", "U.S.A.", "America"],
    "GB": ["Britain", "Great Britain", "UK", "U.K.", "England", "Scotland", "Wales", "Northern Ireland"],
    "RU": ["Russia"],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "IR": ["Iran"],
    "SY": ["Syria"],
    "VN": ["Vietnam"],
    "LA": ["Laos"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "TW": ["Taiwan"],
    "CZ": ["Czech Republic"],
    "CD": ["Congo", "DR Congo", "Democratic Republic of Congo"],
    "CI": ["Ivory Coast"],
    "PS": ["Palestine", "Gaza", "West Bank"],
    "VA": ["Vatican", "Vatican City"],
    "MK": ["Macedonia"],
    "TR": ["Turkey"],
    "NL": ["Holland"],
    "FM": ["Micronesia"],
    "BN": ["Brunei"],
}

rows = set()
for country in pycountry.countries:
    for attr in ("name", "common_name"):
        name = getattr(country, attr, None)
        if name and "," not in name:
            rows.add((country.alpha_2, name))
for code, names in EXTRA.items():
    for name in names:
        rows.add((code, name))

out = pathlib.Path(__file__).resolve().parent.parent / "crates/storyline-analyze/data/countries.tsv"
out.write_text("".join(f"{code}\t{name}\n" for code, name in sorted(rows)), encoding="utf-8")
print(f"wrote {len(rows)} names to {out}")
