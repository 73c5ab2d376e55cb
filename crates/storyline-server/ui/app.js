// Picks the page from the address and renders it; a failure shows the API's message instead of a blank page.

import { errorBox, setTitle, show } from "./dom.js";
import { articlePage, eventPage, storiesPage, timeline } from "./pages.js";

function idAfter(prefix, path) {
  return decodeURIComponent(path.slice(prefix.length));
}

async function route() {
  const path = window.location.pathname;
  const params = new URLSearchParams(window.location.search);
  if (path === "/") return timeline(params);
  if (path.startsWith("/events/")) return eventPage(idAfter("/events/", path));
  if (path.startsWith("/articles/")) return articlePage(idAfter("/articles/", path), params);
  if (path === "/stories") return storiesPage();
  setTitle("Not found");
  show(errorBox("No such page."));
}

route()
  .catch((error) => {
    setTitle("Error");
    show(errorBox(error.message || String(error)));
  })
  .finally(() => document.body.setAttribute("data-ready", "true"));
