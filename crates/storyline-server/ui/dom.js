// DOM and API helpers. Stored text is hostile: it only ever enters the page as a text node (textContent or
// document.createTextNode); no string is ever parsed as markup, and links only take addresses built by this code or
// http(s) URLs.

/** An element with attributes and children; strings become text nodes, null and false are skipped. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "href") node.setAttribute("href", safeHref(value));
    else node.setAttribute(name, String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** This site's own paths, or an http(s) URL; anything else (javascript:, data:) becomes an inert "#". */
function safeHref(value) {
  const text = String(value);
  if (text.startsWith("/") && !text.startsWith("//")) return text;
  try {
    const url = new URL(text);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
  } catch {
    // Not a URL: fall through.
  }
  return "#";
}

/** A link inside the UI. */
export function link(path, ...children) {
  return el("a", { href: path }, ...children);
}

export const paths = {
  timeline: (params) => "/" + (params && [...params].length ? "?" + params.toString() : ""),
  event: (id) => "/events/" + encodeURIComponent(id),
  article: (id, sentence) =>
    "/articles/" + encodeURIComponent(id) +
    (sentence ? "?sentence=" + encodeURIComponent(sentence) : ""),
  stories: () => "/stories",
};

/** An error the API answered, with its status. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET an API path; answers the parsed JSON or throws ApiError with the API's own message. */
export async function api(path) {
  let response;
  try {
    response = await fetch(path, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new ApiError(0, "the server did not answer: " + error.message);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A body that is not JSON: the status says enough.
  }
  if (!response.ok) {
    const message = body && body.error && body.error.message ? body.error.message : response.statusText;
    throw new ApiError(response.status, message);
  }
  return body;
}

/** Replaces the main area's content. */
export function show(...children) {
  const main = document.getElementById("main");
  main.replaceChildren();
  append(main, children);
}

export function setTitle(text) {
  document.title = text ? text + " · storyline" : "storyline";
}

export function errorBox(message) {
  return el("p", { class: "error", role: "alert" }, message);
}

/** A small label: a kind, a count, a warning. */
export function badge(text, kind = "") {
  return el("span", { class: "badge " + kind }, text);
}

/** A value of unknown shape (a field another part of the engine adds) as readable text. */
export function describe(value) {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(describe).filter(Boolean).join(", ");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([key, inner]) => key + ": " + describe(inner))
      .join("; ");
  }
  return String(value);
}

/** A published value ("2024-03-05" or an RFC 3339 time) as its day. */
export function day(published) {
  return published ? String(published).slice(0, 10) : "undated";
}
