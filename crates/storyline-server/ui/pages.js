// The four pages: timeline, event, article, storylines. Each reads the JSON API and renders with dom.js.
// Fields other parts of the engine add over time (type, date_evidence, framing, copies, quote outlets) are
// shown when present and never required.

import { api, ApiError, badge, day, describe, el, errorBox, link, paths, setTitle, show } from "./dom.js";

const PAGE_SIZE = 25;
const FILTERS = [
  ["q", "Words", "text"],
  ["from", "From", "date"],
  ["to", "To", "date"],
  ["entity", "Entity", "text"],
  ["place", "Place", "text"],
  ["outlet", "Outlet", "text"],
];

// ---------------------------------------------------------------- timeline

export async function timeline(params) {
  setTitle("Timeline");
  const offset = Math.max(0, Number.parseInt(params.get("offset") || "0", 10) || 0);
  const query = new URLSearchParams();
  for (const [name] of FILTERS) {
    const value = (params.get(name) || "").trim();
    if (value) query.set(name, value);
  }
  const form = filterForm(query);
  const apiQuery = new URLSearchParams(query);
  apiQuery.set("offset", String(offset));
  apiQuery.set("limit", String(PAGE_SIZE));

  const words = query.get("q");
  const [events, search] = await Promise.allSettled([
    api("/api/events?" + apiQuery.toString()),
    words ? api("/api/search?" + new URLSearchParams({ q: words, limit: "10" }).toString()) : null,
  ]);

  const parts = [el("h1", {}, "Timeline"), form];
  if (events.status === "rejected") {
    parts.push(errorBox(events.reason.message));
  } else {
    parts.push(eventList(events.value, query, offset));
  }
  if (words) {
    parts.push(el("h2", {}, "Articles matching ", el("q", {}, words)));
    if (search.status === "rejected") parts.push(errorBox(search.reason.message));
    else parts.push(searchHits(search.value.hits));
  }
  show(parts);
}

function filterForm(query) {
  const fields = FILTERS.map(([name, label, type]) =>
    el("label", { class: "field" }, label,
      el("input", { type, name, value: query.get(name) || "", placeholder: type === "text" ? label.toLowerCase() : null }))
  );
  return el("form", { class: "filters", method: "get", action: "/", role: "search" },
    fields,
    el("button", { type: "submit" }, "Search"),
    el("a", { href: "/", class: "clear" }, "Clear"),
  );
}

function eventList(page, query, offset) {
  const events = page.events;
  if (!events.length) {
    return el("p", { class: "empty" }, offset ? "No more events." : "No event matches these filters.");
  }
  // Consecutive events of one day share a heading: the API lists them by event date.
  const days = [];
  for (const event of events) {
    const label = event.date || "undated";
    if (!days.length || days[days.length - 1].label !== label) days.push({ label, events: [] });
    days[days.length - 1].events.push(event);
  }
  const last = offset + events.length;
  return el("section", { class: "timeline" },
    el("p", { class: "count" }, `Events ${offset + 1}–${last} of ${page.total}`),
    days.map((group) =>
      el("section", { class: "day" },
        el("h3", { class: "date" }, group.label),
        el("ul", { class: "events" }, group.events.map(eventItem)))),
    pager(query, offset, events.length, page.total),
  );
}

// The listing gives event summaries: the first few participants and counts, not the full record.
function eventItem(event) {
  const places = (event.places || []).map((p) => p.name);
  const people = (event.participants || []).map((p) => p.name);
  const more = (event.participant_count || 0) - people.length;
  const articles = event.article_count || 0;
  const disagreements = event.disagreement_count || 0;
  return el("li", { class: "event", "data-event": event.id },
    link(paths.event(event.id), event.title || "(untitled event)"),
    event.type ? badge(describe(event.type), "type") : null,
    " ",
    badge(`${articles} article${articles === 1 ? "" : "s"}`),
    disagreements ? [" ", badge(`${disagreements} disagreement${disagreements === 1 ? "" : "s"}`, "disagreement")] : null,
    places.length ? el("div", { class: "meta" }, "Places: ", places.join(", ")) : null,
    people.length ? el("div", { class: "meta" }, "Who: ", people.join(", "), more > 0 ? ` and ${more} more` : "") : null,
  );
}

function pager(query, offset, shown, total) {
  const at = (start) => {
    const params = new URLSearchParams(query);
    if (start > 0) params.set("offset", String(start));
    return paths.timeline(params);
  };
  return el("nav", { class: "pager" },
    offset > 0 ? el("a", { href: at(Math.max(0, offset - PAGE_SIZE)), rel: "prev" }, "← Earlier page") : null,
    offset + shown < total ? el("a", { href: at(offset + shown), rel: "next" }, "Next page →") : null,
  );
}

function searchHits(hits) {
  if (!hits.length) return el("p", { class: "empty" }, "No article matches.");
  return el("ol", { class: "hits" }, hits.map((hit) =>
    el("li", { class: "hit" },
      link(paths.article(hit.article), hit.title || hit.article),
      hit.event ? [" · ", link(paths.event(hit.event), "its event")] : null,
      hit.snippet ? el("div", { class: "snippet" }, hit.snippet) : null,
    )));
}

// ---------------------------------------------------------------- event

export async function eventPage(id) {
  setTitle("Event");
  const document_ = await api("/api/events/" + encodeURIComponent(id));
  const event = document_.events[0];
  const articles = new Map(document_.articles.map((a) => [a.id, a]));
  setTitle(event.title);
  show(
    el("article", { class: "event-page" },
      el("h1", {}, event.title || "(untitled event)"),
      el("p", { class: "meta" },
        badge(event.date || "undated", "date"),
        event.type ? badge(describe(event.type), "type") : null,
        event.date_evidence ? el("span", { class: "evidence" }, " dated by: ", describe(event.date_evidence)) : null,
      ),
      namesLine("Places", (event.places || []).map((p) => p.name), "place"),
      namesLine("Participants", (event.participants || []).map((p) => p.name), "entity"),
      summary(event.summary || [], articles),
      factSheet(event.facts || [], articles),
      quotes(event.quotes || [], articles),
      coverage(event.articles || [], articles),
    ),
  );
}

function namesLine(label, names, filter) {
  if (!names.length) return null;
  return el("p", { class: "names" }, label + ": ",
    names.map((name, i) => [i ? ", " : "", link(paths.timeline(new URLSearchParams({ [filter]: name })), name)]));
}

function outletOf(articles, id) {
  const article = articles.get(id);
  return (article && article.outlet) || "unknown outlet";
}

function summary(sentences, articles) {
  if (!sentences.length) return null;
  return el("section", { class: "summary" },
    el("h2", {}, "Summary"),
    el("ul", {}, sentences.map((s) =>
      el("li", {}, s.text, " ", el("span", { class: "source" }, "(",
        link(paths.article(s.article, s.text), outletOf(articles, s.article)), ")")))));
}

function factSheet(facts, articles) {
  const section = el("section", { class: "facts" }, el("h2", {}, "Fact sheet"));
  if (!facts.length) {
    section.append(el("p", { class: "empty" }, "No facts have been extracted for this event."));
    return section;
  }
  const disputed = facts.filter((f) => f.disagreement).length;
  if (disputed) {
    section.append(el("p", { class: "warning" },
      badge("sources disagree", "disagreement"), ` on ${disputed} of ${facts.length} facts`));
  }
  for (const fact of facts) {
    section.append(
      el("div", { class: "fact" + (fact.disagreement ? " disputed" : ""), "data-slot": fact.slot },
        el("h3", {}, fact.slot, fact.subject ? el("span", { class: "subject" }, " · ", fact.subject) : null,
          fact.disagreement ? [" ", badge("disagreement", "disagreement")] : null),
        el("div", { class: "claims" }, (fact.claims || []).map((claim) => claimCard(claim, articles))),
      ));
  }
  return section;
}

function claimCard(claim, articles) {
  const outlet = claim.outlet || outletOf(articles, claim.article);
  return el("div", { class: "claim" },
    el("div", { class: "value" }, claim.qualifier ? el("span", { class: "qualifier" }, claim.qualifier + " ") : null, claim.value),
    el("div", { class: "outlet" }, outlet),
    claim.text ? el("blockquote", {}, claim.text) : null,
    link(paths.article(claim.article, claim.text), "Read it in the article"),
  );
}

function quotes(list, articles) {
  if (!list.length) return null;
  return el("section", { class: "quotes" },
    el("h2", {}, "Quotes"),
    el("ul", {}, list.map((quote) => {
      const outlets = Array.isArray(quote.outlets) && quote.outlets.length
        ? quote.outlets.map(describe)
        : [quote.outlet || outletOf(articles, quote.article)];
      return el("li", { class: "quote" },
        el("blockquote", {}, "“", quote.text, "”"),
        el("div", { class: "meta" }, "— ", quote.speaker || "unattributed", " · ", outlets.join(", "), " · ",
          link(paths.article(quote.article, quote.text), "source")));
    })));
}

function coverage(members, articles) {
  const outlets = [...new Set(members.map((m) => outletOf(articles, m.id)))].sort();
  return el("section", { class: "coverage" },
    el("h2", {}, "Coverage"),
    el("p", {}, `${members.length} article${members.length === 1 ? "" : "s"} from ${outlets.length} outlet${outlets.length === 1 ? "" : "s"}: `,
      outlets.join(", ")),
    el("table", {},
      el("thead", {}, el("tr", {}, ["Outlet", "Article", "Published", "Framing", "Why it joined"].map((h) => el("th", {}, h)))),
      el("tbody", {}, members.map((member) => {
        const article = articles.get(member.id) || {};
        return el("tr", { "data-article": member.id },
          el("td", {}, outletOf(articles, member.id)),
          el("td", {}, link(paths.article(member.id), article.title || member.id),
            member.copies ? el("div", { class: "meta" }, "copies: ", describe(member.copies)) : null),
          el("td", {}, day(article.published)),
          el("td", { class: "framing" }, member.framing ? describe(member.framing) : "—"),
          el("td", { class: "why" }, (member.why || []).join(", ")),
        );
      })),
    ),
  );
}

// ---------------------------------------------------------------- article

const KIND_NAMES = {
  person: "person",
  organization: "organisation",
  place: "place",
  other: "other name",
  time: "time",
  quantity: "quantity",
};

export async function articlePage(id, params) {
  setTitle("Article");
  const view = await api("/api/articles/" + encodeURIComponent(id));
  const article = view.article;
  const annotations = view.annotations || [];
  setTitle(article.title);
  const sentence = params.get("sentence");
  const text = annotatedText(article.text, annotations, sentence);
  const kinds = [...new Set(annotations.map((a) => a.kind))].sort();
  show(
    el("article", { class: "article-page" },
      el("h1", {}, article.title || article.id),
      el("p", { class: "meta" },
        article.outlet ? badge(article.outlet, "outlet") : null, " ",
        day(article.published),
        article.author ? [" · by ", article.author] : null,
        article.language ? [" · ", article.language] : null,
        article.url ? [" · ", el("a", { href: article.url, rel: "noopener noreferrer nofollow" }, "original")] : null,
        view.event ? [" · ", link(paths.event(view.event), "its event")] : null,
      ),
      kinds.length ? el("p", { class: "legend" }, "Highlighted: ",
        kinds.map((kind) => el("span", { class: "ann kind-" + kind }, KIND_NAMES[kind] || kind))) : null,
      sentence && !text.found ? el("p", { class: "warning" }, "The quoted sentence is not in this article's text.") : null,
      text.node,
    ),
  );
  const mark = document.getElementById("highlight");
  if (mark) mark.scrollIntoView({ block: "center" });
}

/** The text with its annotations (code point offsets) as spans and `sentence`, if found, marked. */
function annotatedText(text, annotations, sentence) {
  const chars = Array.from(text || "");
  let highlight = null;
  if (sentence) {
    const at = text.indexOf(sentence);
    if (at >= 0) {
      const start = Array.from(text.slice(0, at)).length;
      highlight = [start, start + Array.from(sentence).length];
    }
  }
  const spans = annotations
    .filter((a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.start < a.end && a.end <= chars.length)
    .sort((a, b) => a.start - b.start);
  const cuts = new Set([0, chars.length]);
  for (const a of spans) { cuts.add(a.start); cuts.add(a.end); }
  if (highlight) { cuts.add(highlight[0]); cuts.add(highlight[1]); }
  const bounds = [...cuts].sort((a, b) => a - b);

  const container = el("div", { class: "text" });
  let next = 0;
  let marked = false;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const [from, to] = [bounds[i], bounds[i + 1]];
    while (next < spans.length && spans[next].end <= from) next++;
    const span = next < spans.length && spans[next].start <= from && to <= spans[next].end ? spans[next] : null;
    let node = document.createTextNode(chars.slice(from, to).join(""));
    if (span) {
      node = el("span", { class: "ann kind-" + span.kind, title: (KIND_NAMES[span.kind] || span.kind) + ": " + span.label,
        "data-kind": span.kind }, node);
    }
    if (highlight && highlight[0] <= from && to <= highlight[1]) {
      node = el("mark", { id: marked ? null : "highlight" }, node);
      marked = true;
    }
    container.append(node);
  }
  return { node: container, found: highlight !== null };
}

// ---------------------------------------------------------------- storylines

export async function storiesPage() {
  setTitle("Storylines");
  let body;
  try {
    body = await api("/api/stories");
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      show(el("h1", {}, "Storylines"),
        el("p", { class: "notice", role: "status" },
          "This server has no storylines yet: GET /api/stories answered 404 (not found). ",
          "Events are still on the ", link("/", "timeline"), "."));
      return;
    }
    throw error;
  }
  const stories = body.stories || [];
  const lists = stories.map((story) => {
    const items = (story.events || []).map((eventId) =>
      el("li", { "data-event": eventId }, link(paths.event(eventId), eventId)));
    return { story, items };
  });
  show(el("h1", {}, "Storylines"),
    stories.length ? null : el("p", { class: "empty" }, "No storyline links events yet."),
    lists.map(({ story, items }) =>
      el("section", { class: "story" }, el("h2", {}, story.title || story.id), el("ol", {}, items))));
  // Event titles fill in as they arrive; a failed one keeps its id.
  for (const { items } of lists) {
    for (const item of items.slice(0, 50)) {
      const eventId = item.getAttribute("data-event");
      api("/api/events/" + encodeURIComponent(eventId)).then((doc) => {
        const event = doc.events[0];
        item.querySelector("a").textContent = event.title || eventId;
        item.append(" ", badge(event.date || "undated", "date"));
      }, () => {});
    }
  }
}
