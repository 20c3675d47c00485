// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

/// The dashboard's page: one self-contained HTML file with its script and style inline, so
/// nothing is downloaded from anywhere but the dashboard itself.
///
/// The page records what it received and drew on `<body>` (`data-state`, `data-spikes-received`,
/// `data-spikes-drawn`, `data-raster-pixels`, `data-updates`, `data-connections`, `data-t-ms`,
/// and for traces `data-samples-received`, `data-samples-drawn`, `data-traces` with the legend's
/// labels joined by `|`) and in its title, so that a test in a headless browser, or a script, can
/// check it without reading pixels.
public enum DashboardPage {
    public static let html = #"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Volley dashboard</title>
<style>
  :root { --bg: #0e1116; --panel: #151a21; --plot: #0b0e12; --line: #262d37; --text: #d7dde5; --muted: #8590a0;
          --running: #3cc68a; --waiting: #f2c14e; --finished: #4e9af1; --failed: #f0643c; }
  * { box-sizing: border-box; }
  html, body { margin: 0; height: 100%; background: var(--bg); color: var(--text);
               font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
  body { display: flex; flex-direction: column; }
  header { display: flex; align-items: center; gap: 14px; padding: 10px 16px; background: var(--panel);
           border-bottom: 1px solid var(--line); }
  header h1 { margin: 0; font-size: 16px; font-weight: 600; letter-spacing: .02em; }
  header h1 span { color: var(--muted); font-weight: 400; }
  .badge { padding: 2px 10px; border-radius: 10px; font-weight: 600; font-size: 12px; color: #0e1116;
           background: var(--waiting); text-transform: uppercase; letter-spacing: .05em; }
  .badge.running { background: var(--running); } .badge.finished { background: var(--finished); }
  .badge.failed { background: var(--failed); }
  .progress { flex: 1; height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; min-width: 80px; }
  .progress div { height: 100%; width: 0; background: var(--running); transition: width .2s; }
  .stat { color: var(--muted); white-space: nowrap; } .stat b { color: var(--text); font-weight: 600; }
  .conn { font-size: 12px; white-space: nowrap; }
  .conn::before { content: "●"; margin-right: 4px; color: var(--failed); }
  .conn.live::before { color: var(--running); }
  main { flex: 1; display: grid; grid-template-columns: 92px 1fr 190px; grid-template-rows: 3fr 20px 1.3fr 38px;
         gap: 0 8px; padding: 12px 16px 4px; min-height: 0; }
  /* A run with multimeters gets a third plot, the traces, below the rates. */
  body.has-traces main { grid-template-rows: 3fr 20px 1.3fr 20px 1.5fr 38px; }
  .traces { display: none; } body.has-traces .traces { display: block; } body.has-traces table.traces { display: table; }
  .labels { position: relative; } .labels div { position: absolute; right: 0; text-align: right; font-weight: 600; }
  .labels small { display: block; color: var(--muted); font-weight: 400; }
  .plot { position: relative; background: var(--plot); border: 1px solid var(--line); min-height: 0; }
  .plot canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
  .overlay { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
             color: var(--muted); font-size: 15px; pointer-events: none; }
  .axis { position: relative; color: var(--muted); font-size: 11px; }
  .axis span { position: absolute; top: 2px; transform: translateX(-50%); }
  .yaxis { position: relative; color: var(--muted); font-size: 11px; }
  .yaxis span { position: absolute; right: 0; transform: translateY(-50%); }
  .yaxis em, .axis em { position: absolute; font-style: normal; color: var(--muted); font-size: 11px; }
  .yaxis em { left: 0; top: 50%; transform: translate(-10%, -50%) rotate(-90deg); white-space: nowrap; }
  .axis em { right: 0; top: 18px; }
  aside { grid-row: 1 / -1; grid-column: 3; background: var(--panel); border: 1px solid var(--line);
          padding: 10px 12px; overflow: auto; }
  aside h2 { margin: 0 0 6px; font-size: 12px; color: var(--muted); font-weight: 600; text-transform: uppercase;
             letter-spacing: .06em; }
  aside table { width: 100%; border-collapse: collapse; margin-bottom: 14px; }
  aside td { padding: 2px 0; } aside td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; }
  .swatch.line { height: 3px; border-radius: 1px; vertical-align: middle; }
  .yaxis b { position: absolute; right: 0; font-weight: 600; color: var(--text); font-size: 11px; }
  footer { padding: 6px 16px 10px; color: var(--muted); font-size: 12px; white-space: nowrap; overflow: hidden;
           text-overflow: ellipsis; }
</style>
</head>
<body data-state="connecting" data-spikes-received="0" data-spikes-drawn="0" data-raster-pixels="0"
      data-updates="0" data-connections="0" data-t-ms="0" data-samples-received="0" data-samples-drawn="0"
      data-traces="">
<header>
  <h1>Volley <span id="model">dashboard</span></h1>
  <span id="badge" class="badge">connecting</span>
  <div class="progress"><div id="bar"></div></div>
  <span class="stat">epoch <b id="epochs">–</b></span>
  <span class="stat">t <b id="time">–</b></span>
  <span class="stat">spikes <b id="spikes">–</b></span>
  <span class="stat">ATP/s <b id="atp">–</b></span>
  <span class="stat">missed frames <b id="missed">–</b></span>
  <span id="conn" class="conn">offline</span>
</header>
<main>
  <div class="labels" id="labels"></div>
  <div class="plot" id="rasterBox"><canvas id="raster"></canvas><div class="overlay" id="overlay"></div></div>
  <div></div><div class="axis" id="xaxis1"></div>
  <div class="yaxis" id="yaxis"></div>
  <div class="plot" id="rateBox"><canvas id="rates"></canvas></div>
  <div></div><div class="axis" id="xaxis2"></div>
  <div class="yaxis traces" id="traceAxis"></div>
  <div class="plot traces" id="traceBox"><canvas id="traceCanvas"></canvas></div>
  <div class="traces"></div><div class="axis traces" id="xaxis3"></div>
  <aside>
    <h2>Populations</h2>
    <table id="pops"></table>
    <h2 class="traces">Traces</h2>
    <table class="traces" id="legend"></table>
    <h2>Run</h2>
    <table id="run"></table>
  </aside>
</main>
<footer id="footer">Connecting…</footer>
<script>
"use strict";
const PALETTE = ["#4e9af1", "#f0643c", "#3cc68a", "#f2c14e", "#b07cf0", "#4fd1d9", "#f27ec2", "#a3d94f"];
const RASTER_BG = [11, 14, 18];
const $ = (id) => document.getElementById(id);
const S = {
  status: null, layout: null, seq: 0,
  times: [], rows: [],          // raster spikes in the window: t in ms, row
  bins: new Map(),              // bin index -> rates per population
  traces: [],                   // trace id -> {label, population, neuron, variable, t: [ms], v: [values]}
  received: 0, updates: 0, connections: 0, drawn: 0, pixels: 0, lastCount: 0, connected: false, retry: 500,
  samplesReceived: 0, samplesDrawn: 0,
};

function connect() {
  const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
  ws.onopen = () => { S.connected = true; S.connections += 1; S.retry = 500; showConnection(); };
  ws.onmessage = (event) => {
    const m = JSON.parse(event.data);
    if (m.type === "snapshot") {
      reset(m);
    } else {
      if (m.status.sequence <= S.seq) return;           // already in the snapshot
      if (m.status.sequence !== S.seq + 1) { ws.close(); return; }  // lost some: start over
      add(m);
    }
    S.seq = m.status.sequence;
    S.status = m.status;
    S.updates += 1;
    render();
  };
  ws.onclose = () => {
    S.connected = false; showConnection();
    setTimeout(connect, S.retry);
    S.retry = Math.min(S.retry * 2, 5000);
  };
  ws.onerror = () => ws.close();
}

function reset(m) {
  S.layout = m.layout || null;
  S.times = []; S.rows = []; S.bins = new Map(); S.traces = []; S.samplesDrawn = 0;
  document.body.classList.toggle("has-traces", !!(S.layout && S.layout.variables && S.layout.variables.length));
  if (S.layout) layoutLabels();
  add(m);
}

function add(m) {
  if (!S.layout) return;
  const h = S.layout.resolution_ms, r = m.raster;
  for (let i = 0; i + 1 < r.length; i += 2) { S.times.push((r[i] + 1) * h); S.rows.push(r[i + 1]); }
  S.received += r.length / 2;
  const P = S.layout.populations.length;
  for (let b = 0; b * P < m.rates.length; b++) S.bins.set(m.first_bin + b, m.rates.slice(b * P, (b + 1) * P));
  for (const tr of m.traces || []) {
    if (!S.traces[tr.id]) S.traces[tr.id] = Object.assign({ t: [], v: [] }, tr);
  }
  const p = m.samples || [], v = m.values || [];
  for (let i = 0; 2 * i + 1 < p.length && i < v.length; i++) {
    const tr = S.traces[p[2 * i + 1]];
    if (tr) { tr.t.push(p[2 * i] * h); tr.v.push(v[i]); }
  }
  S.samplesReceived += v.length;
  trim(m.status.t_ms);
}

// Keeps one window of spikes and bins: older ones have scrolled out.
function trim(now) {
  const from = now - S.layout.window_ms;
  let k = 0;
  while (k < S.times.length && S.times[k] < from) k++;
  if (k > 0) { S.times.splice(0, k); S.rows.splice(0, k); }
  const firstBin = Math.floor(from / S.layout.bin_ms) - 1;
  for (const b of S.bins.keys()) if (b < firstBin) S.bins.delete(b);
  for (const tr of S.traces) {
    if (!tr) continue;
    let j = 0;
    while (j < tr.t.length && tr.t[j] < from) j++;
    if (j > 0) { tr.t.splice(0, j); tr.v.splice(0, j); }
  }
}

function windowRange() {
  const w = S.layout.window_ms, now = S.status ? S.status.t_ms : 0;
  return now < w ? [0, w] : [now - w, now];
}

function sizeCanvas(c) {
  const dpr = window.devicePixelRatio || 1, w = Math.max(1, Math.round(c.clientWidth * dpr)),
        h = Math.max(1, Math.round(c.clientHeight * dpr));
  if (c.width !== w || c.height !== h) { c.width = w; c.height = h; }
  return [w, h];
}

function colour(p) { return PALETTE[p % PALETTE.length]; }

function populationOfRow(row) {
  const ps = S.layout.populations;
  for (let p = 0; p < ps.length; p++) if (row < ps[p].first_row + ps[p].rows) return p;
  return ps.length - 1;
}

function drawRaster() {
  const c = $("raster"), [W, H] = sizeCanvas(c), g = c.getContext("2d", { willReadFrequently: true });
  g.fillStyle = "rgb(" + RASTER_BG.join(",") + ")";
  g.fillRect(0, 0, W, H);
  S.drawn = 0;
  if (!S.layout || S.layout.rows === 0) return;
  const [t0, t1] = windowRange(), rowH = H / S.layout.rows, dot = Math.max(2, Math.min(4, Math.round(rowH)));
  const bandOf = new Array(S.layout.rows);
  for (let r = 0; r < S.layout.rows; r++) bandOf[r] = populationOfRow(r);
  let current = -1;
  for (let i = 0; i < S.times.length; i++) {
    const t = S.times[i];
    if (t < t0 || t > t1) continue;
    const row = S.rows[i], p = bandOf[row];
    if (p !== current) { g.fillStyle = colour(p); current = p; }
    const x = (t - t0) / (t1 - t0) * W, y = (row + 0.5) * rowH;
    g.fillRect(Math.round(x - dot / 2), Math.round(y - dot / 2), dot, dot);
    S.drawn += 1;
  }
  countPixels(g, W, H);
  // Band separators last, so the count above is of spikes only.
  g.strokeStyle = "rgba(255,255,255,0.18)";
  g.lineWidth = 1;
  for (const p of S.layout.populations.slice(1)) {
    const y = Math.round(p.first_row * rowH) + 0.5;
    g.beginPath(); g.moveTo(0, y); g.lineTo(W, y); g.stroke();
  }
}

// Pixels that are not background: proof that spikes were drawn (read by tests), at most twice a second.
function countPixels(g, W, H) {
  const now = performance.now();
  if (now - S.lastCount < 500 && S.status && S.status.state === "running") return;
  S.lastCount = now;
  const d = g.getImageData(0, 0, W, H).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i] !== RASTER_BG[0] || d[i + 1] !== RASTER_BG[1] || d[i + 2] !== RASTER_BG[2]) n++;
  }
  S.pixels = n;
}

function niceStep(max, ticks) {
  const raw = max / ticks, mag = Math.pow(10, Math.floor(Math.log10(raw))), f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

function drawRates() {
  const c = $("rates"), [W, H] = sizeCanvas(c), g = c.getContext("2d");
  g.clearRect(0, 0, W, H);
  const yaxis = $("yaxis");
  yaxis.innerHTML = "<em>rate (Hz)</em>";
  if (!S.layout) return;
  const [t0, t1] = windowRange(), bin = S.layout.bin_ms, P = S.layout.populations.length;
  const visible = [...S.bins.entries()].filter(([b]) => (b + 1) * bin > t0 && b * bin < t1).sort((a, b) => a[0] - b[0]);
  let max = 1;
  for (const [, v] of visible) for (const x of v) max = Math.max(max, x);
  const step = niceStep(max, 4), top = Math.ceil(max / step) * step;
  const dpr = window.devicePixelRatio || 1;
  g.strokeStyle = "rgba(255,255,255,0.08)"; g.lineWidth = 1;
  for (let y = 0; y <= top + 1e-9; y += step) {
    const py = Math.round(H - y / top * (H - 4 * dpr)) - 0.5;
    g.beginPath(); g.moveTo(0, py); g.lineTo(W, py); g.stroke();
    const label = document.createElement("span");
    label.textContent = String(Math.round(y * 100) / 100);
    label.style.top = (py / H * 100) + "%";
    yaxis.appendChild(label);
  }
  g.lineWidth = 1.5 * dpr; g.lineJoin = "round";
  for (let p = 0; p < P; p++) {
    g.strokeStyle = colour(p);
    g.beginPath();
    let started = false;
    for (const [b, v] of visible) {
      const x = ((b + 0.5) * bin - t0) / (t1 - t0) * W, y = H - v[p] / top * (H - 4 * dpr);
      if (started) g.lineTo(x, y); else { g.moveTo(x, y); started = true; }
    }
    g.stroke();
  }
}

// The traces' recordables, in order of appearance: each gets a strip of its own, with its own
// scale (mV, nS and pA do not share an axis).
function traceGroups() {
  const groups = [];
  for (const tr of S.traces) {
    if (!tr) continue;
    let g = groups.find((x) => x.variable === tr.variable);
    if (!g) { g = { variable: tr.variable, traces: [] }; groups.push(g); }
    g.traces.push(tr);
  }
  return groups;
}

function drawTraces() {
  const c = $("traceCanvas"), [W, H] = sizeCanvas(c), g = c.getContext("2d");
  g.clearRect(0, 0, W, H);
  const axis = $("traceAxis");
  axis.innerHTML = "";
  S.samplesDrawn = 0;
  const groups = traceGroups();
  if (groups.length === 0) {
    axis.innerHTML = "<em>traces</em>";
    return;
  }
  const [t0, t1] = windowRange(), dpr = window.devicePixelRatio || 1, stripH = H / groups.length;
  for (const [k, grp] of groups.entries()) {
    const top = k * stripH, pad = 4 * dpr;
    let lo = Infinity, hi = -Infinity;
    for (const tr of grp.traces) {
      for (let i = 0; i < tr.t.length; i++) {
        if (tr.t[i] < t0 || tr.t[i] > t1) continue;
        lo = Math.min(lo, tr.v[i]); hi = Math.max(hi, tr.v[i]);
      }
    }
    if (!(lo <= hi)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-9) { lo -= 0.5; hi += 0.5; }
    const y = (x) => top + pad + (hi - x) / (hi - lo) * (stripH - 2 * pad);
    if (k > 0) {
      g.strokeStyle = "rgba(255,255,255,0.18)"; g.lineWidth = 1;
      g.beginPath(); g.moveTo(0, Math.round(top) + 0.5); g.lineTo(W, Math.round(top) + 0.5); g.stroke();
    }
    g.lineWidth = 1.25 * dpr; g.lineJoin = "round";
    for (const tr of grp.traces) {
      g.strokeStyle = colour(tr.id);
      g.beginPath();
      let started = false;
      for (let i = 0; i < tr.t.length; i++) {
        if (tr.t[i] < t0 || tr.t[i] > t1) continue;
        const x = (tr.t[i] - t0) / (t1 - t0) * W, py = y(tr.v[i]);
        if (started) g.lineTo(x, py); else { g.moveTo(x, py); started = true; }
        S.samplesDrawn += 1;
      }
      g.stroke();
    }
    // The recordable's name in the middle of its strip, its range at the edges.
    const name = document.createElement("b");
    name.textContent = grp.variable;
    name.style.top = "calc(" + ((top + stripH / 2) / H * 100) + "% - 7px)";
    axis.appendChild(name);
    // Inside the strip's own edges, so that neighbouring strips' labels never meet.
    for (const [value, edge, shift] of [[hi, top, "0"], [lo, top + stripH, "-100%"]]) {
      const label = document.createElement("span");
      label.textContent = fmt(value, Math.abs(hi - lo) < 10 ? 2 : 1);
      label.style.top = (edge / H * 100) + "%";
      label.style.transform = "translateY(" + shift + ")";
      axis.appendChild(label);
    }
  }
}

function drawAxis(id) {
  const el = $(id);
  const last = document.body.classList.contains("has-traces") ? "xaxis3" : "xaxis2";
  el.innerHTML = id === last ? "<em>model time (ms)</em>" : "";
  if (!S.layout) return;
  const [t0, t1] = windowRange(), step = niceStep(t1 - t0, 8);
  for (let t = Math.ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) {
    const s = document.createElement("span");
    s.textContent = String(Math.round(t));
    s.style.left = ((t - t0) / (t1 - t0) * 100) + "%";
    el.appendChild(s);
  }
}

function layoutLabels() {
  const box = $("labels");
  box.innerHTML = "";
  for (const [p, pop] of S.layout.populations.entries()) {
    const d = document.createElement("div");
    d.style.top = "calc(" + ((pop.first_row + pop.rows / 2) / Math.max(1, S.layout.rows) * 100) + "% - 16px)";
    d.style.color = colour(p);
    d.innerHTML = "";
    d.appendChild(document.createTextNode(pop.name));
    const small = document.createElement("small");
    small.textContent = pop.rows + " of " + pop.size.toLocaleString("en");
    d.appendChild(small);
    box.appendChild(d);
  }
}

function fmt(x, digits) {
  return x === undefined || x === null ? "–" : Number(x).toLocaleString("en", { maximumFractionDigits: digits });
}

// ATP counts run to 10^13 and more: two significant digits and a power of ten ("3.3e13").
function sci(x) {
  if (x === undefined || x === null || !(x > 0)) return "–";
  return Number(x).toExponential(1).replace("e+", "e");
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const [html, cls] of cells) {
    const td = document.createElement("td");
    td.innerHTML = html;
    if (cls) td.className = cls;
    tr.appendChild(td);
  }
  return tr;
}

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
function escapeHTML(s) { return String(s).replace(/[&<>"]/g, (c) => ENTITIES[c]); }

function renderText() {
  const s = S.status;
  if (!s) return;
  const state = s.state;
  $("model").textContent = s.model || "dashboard";
  const badge = $("badge");
  badge.textContent = state; badge.className = "badge " + state;
  const pct = s.epochs_total > 0 ? s.epochs_done / s.epochs_total * 100 : 0;
  $("bar").style.width = pct.toFixed(1) + "%";
  $("epochs").textContent = s.epochs_total > 0 ? fmt(s.epochs_done) + " / " + fmt(s.epochs_total) : "–";
  $("time").textContent = s.t_sim_ms ? fmt(s.t_ms, 1) + " / " + fmt(s.t_sim_ms, 1) + " ms" : "–";
  $("spikes").textContent = fmt(s.spikes);
  $("missed").textContent = fmt(s.missed_frames);
  $("atp").textContent = sci(s.atp_per_s);
  const pops = $("pops");
  pops.innerHTML = "";
  if ((s.populations || []).length > 0) pops.appendChild(row([["", ""], ["n", "num"], ["Hz", "num"], ["ATP/s", "num"]]));
  for (const [p, q] of (s.populations || []).entries()) {
    const swatch = '<span class="swatch" style="background:' + colour(p) + '"></span>';
    pops.appendChild(row([[swatch + escapeHTML(q.name), ""], [fmt(q.n), "num"], [fmt(q.rate_hz, 2), "num"],
                          [sci(q.atp_per_s), "num"]]));
  }
  const legend = $("legend");
  legend.innerHTML = "";
  for (const tr of S.traces) {
    if (!tr) continue;
    const swatch = '<span class="swatch line" style="background:' + colour(tr.id) + '"></span>';
    legend.appendChild(row([[swatch + escapeHTML(tr.label), ""]]));
  }
  const run = $("run");
  run.innerHTML = "";
  const facts = [["workers", s.workers], ["seed", s.seed], ["resolution", s.resolution_ms && s.resolution_ms + " ms"],
                 ["rate bin", S.layout && S.layout.bin_ms + " ms"], ["window", S.layout && S.layout.window_ms + " ms"],
                 ["first epoch", s.first_epoch], ["pages", s.clients]];
  for (const [k, v] of facts) {
    if (v !== undefined && v !== null) run.appendChild(row([[k, ""], [escapeHTML(v), "num"]]));
  }
  let overlay = "";
  if (state === "waiting") overlay = "Waiting for the run at " + s.coordinator + "…";
  else if (state === "running" && s.epochs_done === 0) overlay = "The workers are building the network…";
  else if (state === "failed") overlay = "The run failed.";
  $("overlay").textContent = overlay;
  let foot = state === "waiting" ? (s.message || "waiting for the run") :
             state === "failed" ? "failed: " + (s.message || "") :
             s.model + " from " + s.coordinator;
  if (state === "finished" && S.layout) {
    foot += " — the run is finished; these are its last " + S.layout.window_ms + " ms";
  }
  if (s.missed_frames > 0) foot += " · this dashboard missed " + fmt(s.missed_frames) + " frames (it was too slow)";
  $("footer").textContent = foot;
  const done = state === "running" ? " " + Math.floor(pct) + "%" : "";
  document.title = "Volley · " + (s.model || "dashboard") + " · " + state + done;
}

function showConnection() {
  const c = $("conn");
  c.textContent = S.connected ? "live" : "reconnecting…";
  c.className = "conn" + (S.connected ? " live" : "");
  if (!S.connected) document.body.dataset.state = "disconnected";
}

function render() {
  renderText();
  if (S.layout) { drawRaster(); drawRates(); drawAxis("xaxis1"); drawAxis("xaxis2"); }
  if (S.layout && document.body.classList.contains("has-traces")) { drawTraces(); drawAxis("xaxis3"); }
  const b = document.body.dataset;
  b.state = S.status ? S.status.state : "connecting";
  b.spikesReceived = S.received; b.spikesDrawn = S.drawn; b.rasterPixels = S.pixels; b.updates = S.updates;
  b.connections = S.connections; b.tMs = S.status ? S.status.t_ms : 0;
  b.samplesReceived = S.samplesReceived; b.samplesDrawn = S.samplesDrawn;
  b.traces = S.traces.filter((t) => t).map((t) => t.label).join("|");
}

window.addEventListener("resize", () => { if (S.layout) render(); });
connect();
</script>
</body>
</html>
"""#
}
