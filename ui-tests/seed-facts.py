#!/usr/bin/env python3
"""Gives the fixture events a fact sheet and quotes when `storyline ingest` did not produce any.

Fact sheets are built by the facts stage (issue 5). Until ingest fills `facts` and `quotes`, the browser tests
still need an event whose sources disagree, so this writes the record the facts stage is meant to produce for the
fixture corpus into the stored event (the store's `events.record` JSON). Once ingest produces fact sheets, this
script changes nothing and the tests check what ingest built.

Usage: seed-facts.py STORE.db
"""
import json
import sqlite3
import sys


def event_of(conn, article_id):
    row = conn.execute("SELECT event_id FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None or row[0] is None:
        sys.exit(f"seed-facts: article {article_id} is not in the store or has no event")
    return row[0]


def article(conn, article_id):
    outlet, text = conn.execute("SELECT outlet, text FROM articles WHERE id = ?", (article_id,)).fetchone()
    return outlet, text


def sentence(text, words):
    """The stored sentence that holds `words`: claims point at real text."""
    at = text.index(words)
    start = text.rfind(". ", 0, at)
    start = 0 if start < 0 else start + 2
    start = max(start, text.rfind("\n", 0, at) + 1)
    end = text.index(".", at) + 1
    return text[start:end]


def claim(conn, article_id, value, words):
    outlet, text = article(conn, article_id)
    return {"value": value, "qualifier": None, "text": sentence(text, words), "article": article_id,
            "outlet": outlet}


def update(conn, event_id, change):
    (record,) = conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
    record = json.loads(record)
    if not change(record):
        return False
    conn.execute("UPDATE events SET record = ? WHERE id = ?", (json.dumps(record), event_id))
    return True


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    conn = sqlite3.connect(sys.argv[1])
    talks = event_of(conn, "talks-harbour-post")
    if event_of(conn, "talks-valley-news") != talks:
        sys.exit("seed-facts: the two reports of the talks are in different events")
    hostile = event_of(conn, "hostile-night-desk")

    def talks_facts(record):
        if record.get("facts"):
            return False
        record["facts"] = [
            {"slot": "duration", "subject": "talks", "disagreement": True, "claims": [
                claim(conn, "talks-harbour-post", "two hours", "lasted two hours"),
                claim(conn, "talks-valley-news", "five hours", "lasted five hours")]},
            {"slot": "place", "subject": None, "disagreement": False, "claims": [
                claim(conn, "talks-harbour-post", "Port Elsa", "met in Port Elsa"),
                claim(conn, "talks-valley-news", "Port Elsa", "held talks in Port Elsa")]},
        ]
        return True

    def hostile_quote(record):
        if record.get("quotes"):
            return False
        outlet, text = article(conn, "hostile-night-desk")
        start = text.index('"') + 1
        record["quotes"] = [{"speaker": "Tomas Reyl", "text": text[start:text.index('" before', start)],
                             "article": "hostile-night-desk", "outlet": outlet}]
        return True

    seeded = [name for name, event, change in [("facts", talks, talks_facts), ("quotes", hostile, hostile_quote)]
              if update(conn, event, change)]
    conn.commit()
    if seeded:
        print(f"seed-facts: ingest stored no {' and no '.join(seeded)} for the fixture events; "
              "wrote the expected ones into the store (fact sheets are not wired into ingest yet)")
    else:
        print("seed-facts: ingest produced fact sheets and quotes; nothing seeded")


if __name__ == "__main__":
    main()
