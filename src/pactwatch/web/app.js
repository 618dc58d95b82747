// pactwatch dashboard: a dependency-free single-page app over the /api endpoints.
// Pages are hash routes (#/events, #/event/ID, #/article/ID, #/stories, #/story/ID, #/dyads, #/dyad/A/B,
// #/network, #/alerts); every view is built with DOM calls, never innerHTML, so article text stays inert.
"use strict";

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const tokenInput = document.getElementById("token-input");
const SVGNS = "http://www.w3.org/2000/svg";
let meta = null;

tokenInput.value = sessionStorage.getItem("pactwatch-token") || "";
tokenInput.addEventListener("change", () => sessionStorage.setItem("pactwatch-token", tokenInput.value.trim()));

// -- helpers ------------------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children.flat()) node.append(child instanceof Node ? child : String(child));
  return node;
}

function say(message, isError) {
  statusLine.textContent = message || "";
  statusLine.className = isError ? "error" : "muted";
}

async function api(path, options) {
  const headers = Object.assign({ Accept: "application/json" }, (options && options.headers) || {});
  const token = sessionStorage.getItem("pactwatch-token");
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch(path, Object.assign({}, options, { headers }));
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.status + " " + response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

function query(params) {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === "" || value === null || value === undefined) continue;
    parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(value));
  }
  return parts.length ? "?" + parts.join("&") : "";
}

function codes(list) {
  return (list || []).map((a) => a.code).join("+") || "—";
}

function countryName(code) {
  return (meta && meta.countries[code]) || code;
}

// The sentence with its trigger, actor and recipient spans marked (offsets are in the sentence).
function highlighted(evidence) {
  const spans = [[evidence.trigger[0], evidence.trigger[1], "trigger"]];
  for (const [s, e] of evidence.actor_spans || []) spans.push([s, e, "actor"]);
  for (const [s, e] of evidence.recipient_spans || []) spans.push([s, e, "recipient"]);
  return marked(evidence.sentence, spans);
}

function marked(text, spans) {
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out = [];
  let last = 0;
  for (const [start, end, label] of spans) {
    if (start < last || end <= start) continue;
    out.push(text.slice(last, start));
    out.push(el("mark", { class: label, title: label }, text.slice(start, end)));
    last = end;
  }
  out.push(text.slice(last));
  return out;
}

function legend() {
  return el("p", { class: "legend" }, "Highlighted:",
    el("mark", { class: "trigger" }, "trigger"), el("mark", { class: "actor" }, "actor"),
    el("mark", { class: "recipient" }, "recipient"));
}

let fieldCount = 0;

// A labelled control; the label sits beside it (not around it) so its accessible name is the label alone.
function field(label, control) {
  const id = control.id || `field-${++fieldCount}`;
  control.id = id;
  return el("div", { class: "field" }, el("label", { for: id }, label), control);
}

function select(name, values, current, blank) {
  return el("select", { name },
    el("option", { value: "" }, blank || "any"),
    values.map((v) => el("option", { value: v, selected: v === current }, v)));
}

function quadBadge(quad) {
  return quad <= 2 ? el("span", { class: "badge coop" }, "cooperation") : el("span", { class: "badge conf" }, "conflict");
}

function pager(total, limit, offset, go, exact = true) {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return el("div", { class: "pager" },
    el("button", { class: "secondary", disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) }, "Previous"),
    el("span", {}, `page ${page} of ${pages}${exact ? "" : "+"} (${total.toLocaleString()}${exact ? "" : "+"} results)`),
    el("button", { class: "secondary", disabled: offset + limit >= total, onclick: () => go(offset + limit) }, "Next"));
}

function hashParams() {
  const hash = location.hash.slice(1);
  const [path, search] = hash.split("?");
  return { parts: (path || "/events").split("/").filter(Boolean).map(decodeURIComponent),
           params: new URLSearchParams(search || "") };
}

function go(path, params) {
  location.hash = "#" + path + (params ? query(params) : "");
}

// -- pages --------------------------------------------------------------------------------------------

const EVENT_FILTERS = ["country", "type", "context", "modality", "language", "outlet", "date_from", "date_to", "q", "sort"];

async function eventsPage(params) {
  const current = Object.fromEntries(EVENT_FILTERS.map((k) => [k, params.get(k) || ""]));
  const offset = Number(params.get("offset") || 0);
  const limit = 25;
  const form = el("form", { class: "filters", role: "search", "aria-label": "Filter events" },
    field("Country (ISO-3)", el("input", { name: "country", value: current.country, placeholder: "CUB,BLR", maxlength: 60 })),
    field("Event type", select("type", meta.types, current.type)),
    field("Context", select("context", meta.contexts, current.context)),
    field("Modality", select("modality", meta.modalities, current.modality)),
    field("Language", select("language", meta.languages, current.language)),
    field("Outlet", select("outlet", meta.outlets.map((o) => o.outlet), current.outlet)),
    field("From", el("input", { type: "date", name: "date_from", value: current.date_from })),
    field("To", el("input", { type: "date", name: "date_to", value: current.date_to })),
    field("Text in sentence", el("input", { type: "search", name: "q", value: current.q, maxlength: 200 })),
    field("Sort", select("sort", ["-date", "date", "-goldstein", "goldstein", "type"], current.sort, "newest first")),
    el("div", { class: "actions" },
      el("button", { type: "submit" }, "Apply"),
      el("button", { type: "button", class: "secondary", onclick: () => go("/events") }, "Clear")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(form).entries());
    go("/events", data);
  });
  view.replaceChildren(el("h1", {}, "Events"), form, el("p", { class: "muted" }, "Loading events…"));
  const data = await api("/api/events" + query(Object.assign({}, current, { limit, offset })));
  const rows = data.items.map((e) => el("tr", {},
    el("td", {}, e.date),
    el("td", {}, el("a", { href: "#/event/" + encodeURIComponent(e.id), "aria-label": `explain ${e.event} event of ${e.date}` }, e.event), e.mode ? ` / ${e.mode}` : ""),
    el("td", {}, codes(e.actor), " → ", codes(e.recipient)),
    el("td", { class: "sentence" }, highlighted(e.evidence)),
    el("td", {}, e.modality),
    el("td", {}, e.outlet || "", " ", el("span", { class: "badge" }, e.language))));
  const table = el("div", { class: "table-wrap" }, el("table", { class: "cards" },
    el("caption", {}, "Events matching the filters; open a type for its explanation"),
    el("thead", {}, el("tr", {}, ["Date", "Type", "Actor → recipient", "Evidence", "Modality", "Source"].map((h) => el("th", { scope: "col" }, h)))),
    el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 6 }, "No event matches these filters.")))));
  const move = (o) => go("/events", Object.assign({}, current, { offset: o }));
  view.replaceChildren(el("h1", {}, "Events"), form, legend(), pager(data.total, limit, offset, move, data.total_exact),
    table, pager(data.total, limit, offset, move, data.total_exact));
}

async function eventPage(id) {
  const e = await api("/api/events/" + encodeURIComponent(id));
  const x = e.explanation;
  const chain = (title, actors, chains) => actors.map((a, i) => el("div", {},
    el("h3", {}, `${title}: ${a.code} ${a.sector || ""} — “${a.entity_text}”`),
    el("ol", { class: "chain", "aria-label": `${title} resolution chain` }, (chains[i] || []).map((s) => el("li", {}, s)))));
  const pair = [...e.actor, ...e.recipient].map((a) => a.code).filter((c) => c && c !== "---");
  const markForm = el("form", { class: "filters", "aria-label": "Mark this event wrong" },
    field("What is wrong", select("reason", ["wrong_type", "wrong_actor", "wrong_recipient", "wrong_date", "not_an_event", "other"], "wrong_type", "choose…")),
    field("Note", el("input", { name: "note", maxlength: 2000 })),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Mark wrong")));
  markForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(markForm).entries());
    try {
      await api(`/api/events/${encodeURIComponent(id)}/wrong`, { method: "POST",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reason: data.reason, note: data.note || null }) });
      await route();
      say("Marked. Thank you.");
    } catch (err) { say(err.message, true); }
  });
  const slots = [...e.actor.map((a, i) => ["actor", i, a]), ...e.recipient.map((a, i) => ["recipient", i, a])];
  const fixForm = el("form", { class: "filters", "aria-label": "Correct an actor" },
    field("Which actor", el("select", { name: "slot" }, slots.map(([role, i, a]) =>
      el("option", { value: `${role}:${i}` }, `${role}: ${a.entity_text} (${a.code})`)))),
    field("Right country code", el("input", { name: "code", maxlength: 3, required: true, placeholder: "CUB" })),
    field("Right sector", select("sector", meta.sectors, "", "unchanged")),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Correct")));
  fixForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(fixForm).entries());
    const [role, position] = data.slot.split(":");
    try {
      await api("/api/corrections", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ event_id: id, role, position: Number(position), code: data.code, sector: data.sector || null }) });
      await route();
      say("Correction saved.");
    } catch (err) { say(err.message, true); }
  });
  view.replaceChildren(
    el("h1", {}, `${e.event}${e.mode ? " / " + e.mode : ""} on ${e.date}`),
    el("div", { class: "card" }, legend(), el("p", { class: "sentence" }, highlighted(e.evidence)),
      el("dl", { class: "fields" },
        el("dt", {}, "Actor → recipient"), el("dd", {}, codes(e.actor), " → ", codes(e.recipient)),
        el("dt", {}, "Quad / score"), el("dd", {}, quadBadge(e.quad_code), ` quad ${e.quad_code}, PLOVER ${e.plover_score ?? "—"}, Goldstein ${e.goldstein ?? "—"} (CAMEO ${e.cameo ?? "—"})`),
        el("dt", {}, "Modality"), el("dd", {}, e.modality),
        el("dt", {}, "Context"), el("dd", {}, (e.context || []).join(", ") || "—"),
        el("dt", {}, "Place"), el("dd", {}, e.event_loc ? `${e.event_loc.place} (${e.event_loc.country_code || "?"})` : "—"),
        el("dt", {}, "Attribution"), el("dd", {}, e.attribution || "—"),
        el("dt", {}, "Article"), el("dd", {}, el("a", { href: "#/article/" + encodeURIComponent(e.article_id) }, (x.article && x.article.title) || e.article_id)),
        e.story_id ? [el("dt", {}, "Story"), el("dd", {}, el("a", { href: "#/story/" + encodeURIComponent(e.story_id) }, e.story_id))] : null,
        pair.length >= 2 ? [el("dt", {}, "Dyad"), el("dd", {}, el("a", { href: `#/dyad/${pair[0]}/${pair[1]}` }, `${pair[0]} – ${pair[1]} timeline`))] : null)),
    el("section", { class: "card", "aria-labelledby": "why" },
      el("h2", { id: "why" }, "Explanation"),
      el("dl", { class: "fields" },
        el("dt", {}, "Trigger"), el("dd", {}, `“${e.event_text}”`),
        el("dt", {}, "Rule"), el("dd", {}, x.rule),
        el("dt", {}, "Date"), el("dd", {}, `${x.date.value} (${x.date.precision}) `, x.date.raw ? `from “${x.date.raw}”` : "= the article date"),
        el("dt", {}, "Dictionaries"), el("dd", {}, x.dictionary_version)),
      chain("Actor", e.actor, x.actor_chains), chain("Recipient", e.recipient, x.recipient_chains),
      x.notes.length ? [el("h3", {}, "Coder notes"), el("ul", {}, x.notes.map((n) => el("li", {}, n)))] : null),
    el("section", { class: "card", "aria-labelledby": "marks" },
      el("h2", { id: "marks" }, "Feedback"),
      e.marks.length ? el("ul", {}, e.marks.map((m) => el("li", {}, `${m.reason}${m.note ? ": " + m.note : ""} (${m.created_at.slice(0, 10)})`))) : el("p", { class: "muted" }, "Nobody has marked this event."),
      markForm,
      e.corrections.length ? el("ul", {}, e.corrections.map((c) => el("li", {}, `${c.role} “${c.entity_text}”: ${c.old_code} → ${c.code}${c.sector ? " " + c.sector : ""}`))) : null,
      slots.length ? fixForm : null));
}

async function articlesPage(params) {
  const offset = Number(params.get("offset") || 0);
  const limit = 25;
  const data = await api("/api/articles" + query({ limit, offset, language: params.get("language") || "" }));
  const rows = data.items.map((a) => el("tr", {},
    el("td", {}, a.published || "—"),
    el("td", {}, el("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.id)),
    el("td", {}, a.outlet || "—"), el("td", {}, a.language || "?"), el("td", {}, a.n_events)));
  view.replaceChildren(el("h1", {}, "Articles"),
    pager(data.total, limit, offset, (o) => go("/articles", { offset: o })),
    el("div", { class: "table-wrap" }, el("table", {}, el("caption", {}, "Stored articles, newest first"),
      el("thead", {}, el("tr", {}, ["Published", "Title", "Outlet", "Language", "Events"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows))));
}

async function articlePage(id) {
  const a = await api("/api/articles/" + encodeURIComponent(id));
  const spans = a.spans.map((s) => [s.start, s.end, s.label]);
  view.replaceChildren(
    el("h1", {}, a.title || a.id),
    el("p", { class: "muted" }, [a.outlet, a.published, a.language].filter(Boolean).join(" · "), " ",
      a.url ? el("a", { href: a.url, rel: "noreferrer noopener" }, "source") : null),
    legend(),
    el("article", { class: "card article-text", "aria-label": "Article text with coded spans" }, marked(a.text, spans)),
    el("h2", {}, `${a.events.length} coded events`),
    el("ul", {}, a.events.map((e) => el("li", {},
      el("a", { href: "#/event/" + encodeURIComponent(e.id) }, `${e.event} ${e.date}`), ` ${codes(e.actor)} → ${codes(e.recipient)}: “${e.event_text}”`))));
}

async function storiesPage(params) {
  if (!meta.stories) { view.replaceChildren(el("h1", {}, "Stories"), el("p", {}, "Stories are not available in this build.")); return; }
  const offset = Number(params.get("offset") || 0);
  const limit = 25;
  const data = await api("/api/stories" + query({ limit, offset, min_articles: params.get("min_articles") || "" }));
  const rows = data.items.map((s) => el("tr", {},
    el("td", {}, s.date),
    el("td", {}, el("a", { href: "#/story/" + encodeURIComponent(s.id) }, s.event)),
    el("td", {}, s.actor.join("+") || "—", " → ", s.recipient.join("+") || "—"),
    el("td", {}, s.articles.length), el("td", {}, s.outlets.join(", ")), el("td", {}, s.languages.join(", "))));
  view.replaceChildren(el("h1", {}, "Stories"),
    pager(data.total, limit, offset, (o) => go("/stories", { offset: o })),
    el("div", { class: "table-wrap" }, el("table", {}, el("caption", {}, "One row per real-world happening, however many outlets told it"),
      el("thead", {}, el("tr", {}, ["Date", "Type", "Who → whom", "Articles", "Outlets", "Languages"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, rows.length ? rows : el("tr", {}, el("td", { colspan: 6 }, "No stories yet."))))));
}

async function storyPage(id) {
  const s = await api("/api/stories/" + encodeURIComponent(id));
  view.replaceChildren(
    el("h1", {}, `${s.event}: ${s.actor.join("+") || "?"} → ${s.recipient.join("+") || "?"} on ${s.date}`),
    el("p", {}, `Told by ${s.outlets.length} outlet(s) in ${s.languages.join(", ")}; first seen ${s.first_seen}, last seen ${s.last_seen}.`),
    el("div", { class: "table-wrap" }, el("table", {}, el("caption", {}, "Every article that reported it"),
      el("thead", {}, el("tr", {}, ["Published", "Outlet", "Language", "Title"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, s.article_list.map((a) => el("tr", {}, el("td", {}, a.published || "—"), el("td", {}, a.outlet || "—"),
        el("td", {}, a.language || "?"), el("td", {}, el("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.id))))))),
    el("h2", {}, "Member events"), legend(),
    el("ul", {}, s.members.map((e) => el("li", {}, el("a", { href: "#/event/" + encodeURIComponent(e.id) }, e.event), " ", highlighted(e.evidence)))));
}

async function dyadsPage() {
  const data = await api("/api/dyads?limit=30");
  view.replaceChildren(el("h1", {}, "Dyads"),
    el("div", { class: "table-wrap" }, el("table", {}, el("caption", {}, "Actor → recipient pairs with the most events"),
      el("thead", {}, el("tr", {}, ["Actor", "Recipient", "Events", "Cooperation", "Conflict"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, data.items.map((d) => el("tr", {},
        el("td", {}, el("a", { href: `#/dyad/${d.actor}/${d.recipient}` }, `${countryName(d.actor)} (${d.actor})`)),
        el("td", {}, `${countryName(d.recipient)} (${d.recipient})`),
        el("td", {}, d.events), el("td", {}, d.cooperation), el("td", {}, d.conflict)))))));
}

function timelineChart(data) {
  const periods = data.periods;
  const width = 860, height = 280, left = 40, right = 10, mid = 140, scaleH = 110;
  const max = Math.max(1, ...periods.map((p) => Math.max(p.cooperation, p.conflict)));
  const step = (width - left - right) / Math.max(1, periods.length);
  const bar = Math.max(2, Math.min(40, step * 0.7));
  const title = `Events between ${data.dyad[0]} and ${data.dyad[1]} per ${data.interval}: cooperation above the line, conflict below`;
  const chart = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img", "aria-label": title },
    svg("title", {}, title),
    svg("line", { x1: left, x2: width - right, y1: mid, y2: mid, stroke: "#889" }),
    svg("text", { x: 4, y: mid - scaleH + 10, "font-size": 11 }, String(max)),
    svg("text", { x: 4, y: mid + scaleH, "font-size": 11 }, String(max)));
  periods.forEach((p, i) => {
    const x = left + i * step + (step - bar) / 2;
    const up = (p.cooperation / max) * scaleH, down = (p.conflict / max) * scaleH;
    const label = `${p.period}: ${p.cooperation} cooperation, ${p.conflict} conflict`;
    chart.append(svg("rect", { x, y: mid - up, width: bar, height: up, fill: "#2e7d4f" }, svg("title", {}, label)));
    chart.append(svg("rect", { x, y: mid, width: bar, height: down, fill: "#b3322b" }, svg("title", {}, label)));
    if (periods.length <= 24 || i % Math.ceil(periods.length / 12) === 0) {
      chart.append(svg("text", { x: x + bar / 2, y: height - 6, "font-size": 10, "text-anchor": "middle" }, p.period.slice(0, 7)));
    }
  });
  return chart;
}

async function dyadPage(a, b, params) {
  const interval = params.get("interval") || "month";
  const data = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}` + query({ interval }));
  const events = await api("/api/events" + query({ dyad: `${a},${b}`, limit: 20 }));
  const form = el("form", { class: "filters", "aria-label": "Timeline interval" },
    field("Interval", select("interval", ["day", "week", "month", "year"], interval, "month")),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Show")));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go(`/dyad/${a}/${b}`, Object.fromEntries(new FormData(form).entries())); });
  view.replaceChildren(
    el("h1", {}, `${countryName(a)} – ${countryName(b)}`),
    el("p", {}, `${data.events} events in both directions.`), form,
    data.periods.length ? timelineChart(data) : el("p", {}, "No events for this pair."),
    el("h2", {}, "Latest events"), legend(),
    el("ul", {}, events.items.map((e) => el("li", {}, el("a", { href: "#/event/" + encodeURIComponent(e.id) }, `${e.event} ${e.date}`), " ", highlighted(e.evidence)))));
}

// A small force layout (Fruchterman-Reingold with cooling): nodes repel, ties pull; nodes can be dragged.
function forceGraph(data) {
  const width = 900, height = 560, margin = 36;
  const nodes = data.nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, data.nodes.length);
    return { ...n, x: width / 2 + 220 * Math.cos(angle), y: height / 2 + 200 * Math.sin(angle) };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = data.edges.map((e) => ({ ...e, s: byId.get(e.source), t: byId.get(e.target) }));
  const maxW = Math.max(1, ...edges.map((e) => e.events));
  const maxN = Math.max(1, ...nodes.map((n) => n.events));
  const k = 0.75 * Math.sqrt(((width - 2 * margin) * (height - 2 * margin)) / Math.max(1, nodes.length));
  let temperature = width / 10;
  for (let iter = 0; iter < 250; iter++) {
    for (const n of nodes) { n.dx = 0; n.dy = 0; }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const a = nodes[i], b = nodes[j];
        const dx = a.x - b.x, dy = a.y - b.y, d = Math.max(Math.hypot(dx, dy), 0.01), f = (k * k) / d;
        a.dx += (dx / d) * f; a.dy += (dy / d) * f; b.dx -= (dx / d) * f; b.dy -= (dy / d) * f;
      }
    }
    for (const e of edges) {
      const dx = e.s.x - e.t.x, dy = e.s.y - e.t.y, d = Math.max(Math.hypot(dx, dy), 0.01), f = (d * d) / k;
      e.s.dx -= (dx / d) * f; e.s.dy -= (dy / d) * f; e.t.dx += (dx / d) * f; e.t.dy += (dy / d) * f;
    }
    for (const n of nodes) {
      n.dx += (width / 2 - n.x) * 0.08; n.dy += (height / 2 - n.y) * 0.08;  // keep loose nodes in view
      const d = Math.max(Math.hypot(n.dx, n.dy), 0.01), step = Math.min(d, temperature);
      n.x = Math.min(width - margin, Math.max(margin, n.x + (n.dx / d) * step));
      n.y = Math.min(height - margin, Math.max(margin, n.y + (n.dy / d) * step));
    }
    temperature *= 0.97;
  }
  const title = `Country network from ${data.date_from} to ${data.date_to}: ${nodes.length} countries, ${edges.length} ties; green cooperation, red conflict`;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, class: "graph", role: "img", "aria-label": title }, svg("title", {}, title));
  const lines = edges.map((e) => {
    const share = e.cooperation / Math.max(1, e.events);
    const colour = share >= 0.5 ? "#2e7d4f" : "#b3322b";
    const line = svg("line", { "stroke-width": 1 + 6 * (e.events / maxW), stroke: colour, "stroke-opacity": 0.7 },
      svg("title", {}, `${e.source} → ${e.target}: ${e.cooperation} cooperation, ${e.conflict} conflict`));
    line.addEventListener("click", () => go(`/dyad/${e.source}/${e.target}`));
    root.append(line);
    return line;
  });
  const groups = nodes.map((n) => {
    const g = svg("g", { class: "node", tabindex: 0, role: "button", "aria-label": `${n.name}: ${n.events} events` },
      svg("circle", { r: 6 + 14 * Math.sqrt(n.events / maxN), fill: "#1f5fa8" }),
      svg("text", { dx: 12, dy: 4 }, n.id), svg("title", {}, `${n.name} (${n.events} events)`));
    root.append(g);
    return g;
  });
  const draw = () => {
    edges.forEach((e, i) => { lines[i].setAttribute("x1", e.s.x); lines[i].setAttribute("y1", e.s.y); lines[i].setAttribute("x2", e.t.x); lines[i].setAttribute("y2", e.t.y); });
    nodes.forEach((n, i) => groups[i].setAttribute("transform", `translate(${n.x},${n.y})`));
  };
  const focus = (n) => {
    const near = new Set([n.id]);
    edges.forEach((e) => { if (e.source === n.id || e.target === n.id) { near.add(e.source); near.add(e.target); } });
    nodes.forEach((m, i) => groups[i].classList.toggle("dim", !near.has(m.id)));
    edges.forEach((e, i) => lines[i].classList.toggle("dim", e.source !== n.id && e.target !== n.id));
  };
  let dragging = null;
  const point = (ev) => { const r = root.getBoundingClientRect(); return [(ev.clientX - r.left) * width / r.width, (ev.clientY - r.top) * height / r.height]; };
  nodes.forEach((n, i) => {
    groups[i].addEventListener("pointerdown", (ev) => { dragging = n; focus(n); root.setPointerCapture(ev.pointerId); });
    groups[i].addEventListener("keydown", (ev) => { if (ev.key === "Enter") focus(n); });
  });
  root.addEventListener("pointermove", (ev) => { if (!dragging) return; [dragging.x, dragging.y] = point(ev); draw(); });
  root.addEventListener("pointerup", () => { dragging = null; });
  draw();
  return root;
}

async function networkPage(params) {
  const current = { date_from: params.get("date_from") || "", date_to: params.get("date_to") || "", type: params.get("type") || "", min_events: params.get("min_events") || "" };
  const data = await api("/api/network" + query(current));
  const form = el("form", { class: "filters", "aria-label": "Network window" },
    field("From", el("input", { type: "date", name: "date_from", value: current.date_from || data.date_from || "" })),
    field("To", el("input", { type: "date", name: "date_to", value: current.date_to || data.date_to || "" })),
    field("Event type", select("type", meta.types, current.type)),
    field("Min. events per tie", el("input", { type: "number", min: 1, name: "min_events", value: current.min_events || 1 })),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Draw")));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); go("/network", Object.fromEntries(new FormData(form).entries())); });
  view.replaceChildren(el("h1", {}, "Network"),
    el("p", { class: "muted" }, "Drag a country to move it and highlight its ties; click a tie for the dyad timeline."), form,
    data.nodes.length ? forceGraph(data) : el("p", {}, "No ties in this window."));
}

async function alertsPage(params) {
  if (!meta.alerts) {
    view.replaceChildren(el("h1", {}, "Watchlists and alerts"), el("p", {}, "Watchlists and alerts are not available in this build."));
    return;
  }
  const yearAgo = new Date(Date.now() - 365 * 86400000).toISOString().slice(0, 10);
  const since = params.get("since") || yearAgo;
  const [watches, alerts] = await Promise.all([api("/api/watchlists"), api("/api/alerts" + query({ since }))]);
  const addForm = el("form", { class: "filters", "aria-label": "Add a watchlist" },
    field("Name", el("input", { name: "name", required: true, maxlength: 100, placeholder: "cuba-military" })),
    field("Country", el("input", { name: "country", required: true, maxlength: 3, placeholder: "CUB" })),
    field("Partner", el("input", { name: "partner", maxlength: 3, placeholder: "optional" })),
    field("Watch type", select("event", meta.types, "")),
    field("Watch context", select("context", meta.contexts, "")),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Add watchlist")));
  addForm.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const data = Object.fromEntries(new FormData(addForm).entries());
    const body = { name: data.name, country: data.country };
    for (const key of ["partner", "event", "context"]) if (data[key]) body[key] = data[key];
    try {
      await api("/api/watchlists", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      await route();
      say(`Watchlist ${data.name} saved.`);
    } catch (err) { say(err.message, true); }
  });
  const sinceForm = el("form", { class: "filters", "aria-label": "Alert window" },
    field("Alerts since", el("input", { type: "date", name: "since", value: since })),
    el("div", { class: "actions" }, el("button", { type: "submit" }, "Show alerts")));
  sinceForm.addEventListener("submit", (ev) => { ev.preventDefault(); go("/alerts", Object.fromEntries(new FormData(sinceForm).entries())); });
  const describe = (w) => `${w.name}: ${w.country}${w.partner ? " – " + w.partner : ""}${w.event ? ", " + w.event : ""}${w.context ? ", " + w.context : ""}`;
  view.replaceChildren(el("h1", {}, "Watchlists and alerts"),
    el("h2", {}, "Watchlists"),
    watches.items.length ? el("ul", { "aria-label": "Watchlists" }, watches.items.map((w) => el("li", {}, describe(w)))) : el("p", {}, "No watchlists yet."),
    addForm,
    el("h2", {}, "Alerts"), sinceForm,
    alerts.items.length
      ? el("ul", { "aria-label": "Alerts" }, alerts.items.map((a) => el("li", {}, `${a.date} [${a.watchlist}] ${a.kind}: ${a.title} `,
        (a.evidence || []).slice(0, 3).map((id, k) => [el("a", { href: "#/story/" + encodeURIComponent(id), "aria-label": `story ${id} of this alert` }, `story ${k + 1}`), " "]))))
      : el("p", {}, "No alerts in this window."));
}

// -- routing ------------------------------------------------------------------------------------------

async function route() {
  const { parts, params } = hashParams();
  const page = parts[0] || "events";
  for (const link of document.querySelectorAll("nav a")) {
    const here = link.dataset.page === page || link.dataset.page + "s" === page || (page === "event" && link.dataset.page === "events");
    if (here) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  say("");
  try {
    if (!meta) meta = await api("/api/meta");
    if (page === "events") await eventsPage(params);
    else if (page === "event") await eventPage(parts[1]);
    else if (page === "articles") await articlesPage(params);
    else if (page === "article") await articlePage(parts[1]);
    else if (page === "stories") await storiesPage(params);
    else if (page === "story") await storyPage(parts[1]);
    else if (page === "dyads") await dyadsPage();
    else if (page === "dyad") await dyadPage(parts[1], parts[2], params);
    else if (page === "network") await networkPage(params);
    else if (page === "alerts") await alertsPage(params);
    else view.replaceChildren(el("h1", {}, "Not found"), el("p", {}, "No such page. ", el("a", { href: "#/events" }, "Back to events")));
    document.title = "pactwatch · " + (view.querySelector("h1") || { textContent: page }).textContent;
    document.body.dataset.ready = page;
  } catch (err) {
    view.replaceChildren(el("h1", {}, "Something went wrong"), el("p", { class: "error" }, err.message));
    say(err.status === 401 ? "Enter the API token (top right) to read this server." : err.message, true);
    document.body.dataset.ready = "error";
  }
}

window.addEventListener("hashchange", () => { document.body.dataset.ready = ""; route(); });
route();
