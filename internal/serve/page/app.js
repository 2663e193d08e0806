// The page of actionsql serve: runs the editor's statement through
// POST /api/query (streamed, so that progress shows while requests run),
// shows the result as a sortable table and asks POST /api/chart for its
// chart. The token travels in an HttpOnly cookie this script never sees.
"use strict";

const maxShownRows = 1000;

const $ = (id) => document.getElementById(id);
const editor = $("sql");
const runButton = $("run");
const cancelButton = $("cancel");
const chartKind = $("chart-kind");
const statusLine = $("status");
const notesList = $("notes");
const chartBox = $("chart");
const resultBox = $("result");
const link = $("link");

let running = null; // {controller, started} while a statement runs
let result = null; // the last result: {columns, rows, notes, stats}
let chartSeq = 0; // the newest chart asked for; older answers are dropped
let sortState = { column: -1, descending: false };

// ---- start ----

async function start() {
  const params = new URLSearchParams(location.search);
  await loadInfo(params.get("chart"));
  const sql = params.get("sql");
  if (sql !== null) {
    editor.value = sql;
    updateLink();
    run();
  }
}

async function loadInfo(wantedChart) {
  let info;
  try {
    const resp = await fetch("/api/info");
    if (!resp.ok) throw new Error((await errorOf(resp)) || resp.statusText);
    info = await resp.json();
  } catch (e) {
    showError(`actionsql: the server did not answer: ${e.message}`);
    return;
  }
  $("about").textContent = info.repo
    ? `default repository ${info.repo} on ${info.api}`
    : `${info.api}; no default repository: name owner and repo in the query`;
  for (const kind of info.chart_kinds) {
    const option = document.createElement("option");
    option.value = option.textContent = kind;
    chartKind.append(option);
  }
  chartKind.value = info.chart_kinds.includes(wantedChart) ? wantedChart : wantedChart === "" ? "" : "bar";
  const list = $("examples");
  for (const ex of info.examples) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = ex.title;
    button.title = ex.file;
    button.dataset.file = ex.file;
    button.addEventListener("click", () => {
      editor.value = ex.sql.trimEnd();
      run();
    });
    item.append(button);
    list.append(item);
  }
}

// ---- running a statement ----

async function run() {
  const sql = editor.value;
  if (sql.trim() === "") {
    editor.focus();
    return;
  }
  if (running) running.controller.abort();
  const controller = new AbortController();
  const me = { controller, started: performance.now() };
  running = me;
  runButton.disabled = true;
  cancelButton.disabled = false;
  setStatus("Running…", "running");
  updateLink();
  try {
    const resp = await fetch("/api/query", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/x-ndjson" },
      body: JSON.stringify({ sql }),
      signal: controller.signal,
    });
    if (!resp.ok) {
      const message = await errorOf(resp);
      finish(me, () => showError(message || `actionsql: ${resp.status} ${resp.statusText}`));
      return;
    }
    let last = null;
    await readLines(resp.body, (event) => {
      if (event.progress && running === me) {
        setStatus(`Running… ${figures(event.progress)}`, "running");
      } else if (!event.progress) {
        last = event;
      }
    });
    finish(me, () => {
      if (last === null) showError("actionsql: the answer ended early: is actionsql serve still running?");
      else if (last.error) showError(last.error);
      else showResult(last.result);
    });
  } catch (e) {
    if (e.name === "AbortError") return; // cancel() has said so
    finish(me, () => showError(`actionsql: ${e.message}`));
  }
}

// finish ends the statement me, if it is still the running one, then
// shows what it came to.
function finish(me, show) {
  if (running !== me) return;
  running = null;
  runButton.disabled = false;
  cancelButton.disabled = true;
  show();
}

// readLines calls onEvent with each JSON line of a streamed body.
async function readLines(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let end;
    while ((end = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line.trim() !== "") onEvent(JSON.parse(line));
    }
  }
  if (pending.trim() !== "") onEvent(JSON.parse(pending));
}

function cancel() {
  if (!running) return;
  const me = running;
  const seconds = (performance.now() - me.started) / 1000;
  me.controller.abort(); // ends the request: the server interrupts the statement and its API requests
  finish(me, () => setStatus(`Cancelled after ${seconds.toFixed(1)} s.`, "cancelled"));
}

async function errorOf(resp) {
  try {
    return (await resp.json()).error;
  } catch {
    return "";
  }
}

// ---- showing the result ----

function setStatus(text, kind) {
  statusLine.textContent = text;
  statusLine.className = kind || "";
}

function showError(message) {
  setStatus(message, "error");
}

function showResult(res) {
  result = res;
  sortState = { column: -1, descending: false };
  const n = res.rows.length;
  const what = res.columns.length === 0 ? "Done" : `${n.toLocaleString("en")} ${n === 1 ? "row" : "rows"}`;
  setStatus(`${what} in ${res.stats.seconds.toFixed(2)} s · ${figures(res.stats)}${rateLeft(res.stats)}`, "done");
  notesList.replaceChildren(
    ...res.notes.map((note) => {
      const item = document.createElement("li");
      item.textContent = `note: ${note}`;
      return item;
    }),
  );
  renderTable();
  drawChart();
}

// figures says what a statement cost: "7 API requests (2 answered 304),
// 3 log downloads, 5 from the cache, 12.4 MB".
function figures(st) {
  const parts = [];
  if (st.repos) parts.push(`${st.repos_done} of ${st.repos} repositories`);
  parts.push(plural(st.requests, "API request") + (st.not_modified ? ` (${st.not_modified} answered 304)` : ""));
  if (st.log_downloads) parts.push(plural(st.log_downloads, "log download"));
  parts.push(`${st.cache_hits} from the cache`);
  parts.push(byteSize(st.bytes));
  if (st.retries) parts.push(plural(st.retries, "retry", "retries"));
  return parts.join(", ");
}

function rateLeft(st) {
  return st.rate_remaining >= 0 ? ` · rate limit ${st.rate_remaining} of ${st.rate_limit} left` : "";
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || one + "s"}`;
}

function byteSize(n) {
  if (n < 1000) return `${n} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = n / 1000;
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  return `${value.toFixed(1)} ${units[i]}`;
}

function renderTable() {
  resultBox.replaceChildren();
  if (!result || result.columns.length === 0) return;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  result.columns.forEach((name, i) => {
    const th = document.createElement("th");
    th.textContent = name;
    th.title = "Sort by " + name;
    if (sortState.column === i) th.setAttribute("aria-sort", sortState.descending ? "descending" : "ascending");
    th.addEventListener("click", () => sortBy(i));
    head.append(th);
  });
  const body = table.createTBody();
  for (const row of result.rows.slice(0, maxShownRows)) {
    const tr = body.insertRow();
    for (const value of row) tr.append(cell(value));
  }
  resultBox.append(table);
  if (result.rows.length > maxShownRows) {
    const more = document.createElement("p");
    more.className = "more";
    more.textContent = `The first ${maxShownRows.toLocaleString("en")} of ${result.rows.length.toLocaleString("en")} rows are shown; sorting sorts them all.`;
    resultBox.append(more);
  }
}

const urlPattern = /^https?:\/\/[^\s"<>]+$/;

// cell shows one value: numbers to the right, NULL dimmed, web addresses
// (html_url and the like) as links.
function cell(value) {
  const td = document.createElement("td");
  if (value === null) {
    td.className = "null";
    td.textContent = "NULL";
  } else if (typeof value === "number") {
    td.className = "number";
    td.textContent = String(value);
  } else if (urlPattern.test(value)) {
    const a = document.createElement("a");
    a.href = value;
    a.textContent = value;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    td.append(a);
  } else {
    td.textContent = value;
  }
  return td;
}

// sortBy sorts the rows by a column, as SQLite orders values (NULL, then
// numbers, then text), ascending first and descending on a second click.
function sortBy(column) {
  const descending = sortState.column === column && !sortState.descending;
  sortState = { column, descending };
  const rank = (v) => (v === null ? 0 : typeof v === "number" ? 1 : 2);
  result.rows.sort((a, b) => {
    const x = a[column];
    const y = b[column];
    let order = rank(x) - rank(y);
    if (order === 0 && x !== null) order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
  renderTable();
}

// ---- the chart ----

async function drawChart() {
  const seq = ++chartSeq;
  const kind = chartKind.value;
  if (!kind || !result || result.columns.length === 0) {
    chartBox.hidden = true;
    chartBox.replaceChildren();
    return;
  }
  const width = Math.max(400, Math.min(1200, chartBox.parentElement.clientWidth - 20));
  let svg;
  try {
    const resp = await fetch("/api/chart", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ kind, columns: result.columns, rows: result.rows, width, height: Math.round(width / 2.2) }),
    });
    if (seq !== chartSeq) return;
    if (!resp.ok) {
      showChartMessage(await errorOf(resp));
      return;
    }
    svg = new DOMParser().parseFromString(await resp.text(), "image/svg+xml").documentElement;
  } catch (e) {
    if (seq === chartSeq) showChartMessage(`actionsql: ${e.message}`);
    return;
  }
  if (seq !== chartSeq) return;
  if (svg.nodeName !== "svg") {
    showChartMessage("actionsql: the chart could not be read");
    return;
  }
  chartBox.replaceChildren(document.importNode(svg, true));
  chartBox.hidden = false;
}

function showChartMessage(message) {
  const p = document.createElement("p");
  p.className = "chart-error";
  p.textContent = (message || "").replace(/^actionsql: /, "No chart: ");
  chartBox.replaceChildren(p);
  chartBox.hidden = false;
}

// ---- the link ----

// updateLink makes the Link, and the address bar, open this query with
// this chart: ?sql=...&chart=KIND, without the token.
function updateLink() {
  const params = new URLSearchParams();
  if (editor.value.trim() !== "") params.set("sql", editor.value);
  params.set("chart", chartKind.value);
  const href = "/?" + params.toString();
  link.href = href;
  history.replaceState(null, "", href);
}

// ---- events ----

runButton.addEventListener("click", run);
cancelButton.addEventListener("click", cancel);
chartKind.addEventListener("change", () => {
  updateLink();
  drawChart();
});
document.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
    e.preventDefault();
    run();
  } else if (e.key === "Escape" && running) {
    cancel();
  }
});

start();
