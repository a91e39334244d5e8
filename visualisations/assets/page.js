"use strict";
// govkg view: draws the page's network with vis-network, adds legend, search, filters, tooltips.
// Every name and text comes from documents: it only ever reaches the DOM through textContent.
(function () {
  const data = JSON.parse(document.getElementById("govkg-data").textContent);
  const $ = (id) => document.getElementById(id);
  const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  const FACET_LABELS = { leader: "leader", unit: "unit", list: "list", function: "function", county: "county" };
  const TEXT_FACETS = new Set(["leader", "unit", "county"]); // typed, matched as substrings
  const VIS_NODE = ["id", "label", "shape", "color", "size", "font", "x", "y", "fixed"];
  const VIS_EDGE = ["id", "from", "to", "dashes", "width", "length"];

  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function tip(rows) {
    const box = el("div", null, "gk-tip");
    const dl = el("dl");
    for (const [key, value] of rows || []) {
      dl.appendChild(el("dt", key));
      dl.appendChild(el("dd", value));
    }
    box.appendChild(dl);
    return box;
  }

  function pick(obj, keys) {
    const out = {};
    for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
    return out;
  }

  const raw = new Map(data.nodes.map((n) => [n.id, n]));
  const nodes = new vis.DataSet(data.nodes.map((n) => {
    const item = pick(n, VIS_NODE);
    item.title = tip(n.info);
    return item;
  }));
  const edges = new vis.DataSet(data.edges.map((e) => {
    const item = pick(e, VIS_EDGE);
    item.color = { color: e.color, highlight: "#1b2631", hover: "#566573", opacity: 0.85 };
    if (e.info) item.title = tip(e.info);
    return item;
  }));

  const big = data.nodes.length > 400;
  // positions come with the page (laid out when it was written): physics only when asked for
  const placed = data.nodes.length > 0 && data.nodes.every((n) => n.x !== undefined);
  const PHYSICS = {
    enabled: true, solver: "forceAtlas2Based",
    // "compact": trees of tasks around units, pulled tight; "spread": networks whose labels need room
    forceAtlas2Based: data.layout === "compact"
      ? { gravitationalConstant: -40, centralGravity: 0.02, springLength: 60, springConstant: 0.12,
        damping: 0.5, avoidOverlap: 0.2 }
      : { gravitationalConstant: -90, centralGravity: 0.012, springLength: 110, springConstant: 0.05,
        damping: 0.5, avoidOverlap: 0.7 },
    maxVelocity: 60, minVelocity: 1, timestep: 0.4,
    stabilization: { enabled: !placed, iterations: big ? 500 : 350, updateInterval: 25, fit: true },
  };
  const options = {
    autoResize: true,
    nodes: { borderWidth: 1, font: { face: FONT }, scaling: { label: { drawThreshold: 7 } },
      shapeProperties: { interpolation: false } },
    edges: { smooth: false, selectionWidth: 1.5, hoverWidth: 0.5 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
      multiselect: true, keyboard: false },
    layout: { improvedLayout: !placed && data.nodes.length <= 120, randomSeed: 7 },
    physics: data.physics ? PHYSICS : { enabled: false },
  };

  const network = new vis.Network($("gk-network"), { nodes, edges }, options);
  const state = { ready: false, hidden: new Set(), lastSearch: [] };
  const status = (text) => { $("gk-status").textContent = text; };
  const shownText = () => `${data.nodes.length - state.hidden.size} of ${data.nodes.length} nodes, ` +
    `${data.edges.length} edges`;

  // wide fixed layouts (portfolios) open at their top, fitted to the width, so labels stay readable
  function topView() {
    const pos = Object.values(network.getPositions());
    const xs = pos.map((p) => p.x), ys = pos.map((p) => p.y);
    const box = $("gk-network");
    const minX = Math.min(...xs) - 160, maxX = Math.max(...xs) + 200, minY = Math.min(...ys) - 40;
    const scale = Math.min(1, box.clientWidth / (maxX - minX));
    network.moveTo({ position: { x: (minX + maxX) / 2, y: minY + box.clientHeight / 2 / scale }, scale,
      animation: false });
  }

  function ready() {
    if (state.ready) return;
    state.ready = true;
    if (data.view === "top") topView(); else network.fit({ animation: false });
    status(data.nodes.length ? shownText() : "Nothing to draw.");
    document.body.dataset.ready = "1";
  }
  if (!data.nodes.length) {
    ready();
  } else if (data.physics) {
    network.on("stabilizationProgress", (p) => status(`Laying out… ${Math.round((100 * p.iterations) / p.total)}%`));
    // physics stops once the layout settles: large graphs would otherwise keep the CPU busy
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      ready();
    });
  } else {
    network.once("afterDrawing", ready);
  }
  // what the first frame showed (the tests check it is the finished layout, not a step towards it)
  let firstPaint = null;
  network.once("afterDrawing", () => {
    firstPaint = { status: $("gk-status").textContent, positions: network.getPositions(), ready: state.ready };
  });

  // the physics toggle: off, the page keeps the layout it came with; on, nodes move (and can be dragged
  // into place) until it is turned off again
  const toggle = $("gk-physics");
  toggle.checked = Boolean(data.physics);
  toggle.addEventListener("change", () => {
    network.setOptions({ physics: toggle.checked ? { ...PHYSICS, stabilization: { enabled: false } }
      : { enabled: false } });
    status(toggle.checked ? `physics on · ${shownText()}` : shownText());
  });

  // legend
  (function legend() {
    const box = $("gk-legend");
    box.appendChild(el("h2", "Legend"));
    const list = el("ul");
    for (const item of data.legend) {
      const li = el("li");
      const sw = el("span", null, `gk-sw ${item.shape}`);
      sw.style.background = item.color;
      li.append(sw, el("span", item.label), el("span", item.count, "gk-count"));
      list.appendChild(li);
    }
    box.appendChild(list);
    if (data.edge_legend.length) {
      const lines = el("ul");
      for (const item of data.edge_legend) {
        const li = el("li");
        const sw = el("span", null, `gk-line${item.dashes ? " dashed" : ""}`);
        sw.style.borderTopColor = item.color;
        li.append(sw, el("span", item.label), el("span", item.count, "gk-count"));
        lines.appendChild(li);
      }
      box.appendChild(lines);
    }
  })();

  // detail panel: the whole record of a clicked node, with its task list
  function showDetail(id) {
    const n = raw.get(id);
    const panel = $("gk-detail");
    panel.replaceChildren();
    if (!n) { panel.hidden = true; return; }
    const close = el("button", "×", "gk-close");
    close.type = "button";
    close.addEventListener("click", () => { panel.hidden = true; });
    panel.append(close, tip(n.info));
    if (n.detail && n.detail.length) {
      panel.appendChild(el("h4", `Tasks (${n.detail.length})`));
      const ol = el("ol");
      for (const line of n.detail) ol.appendChild(el("li", line));
      panel.appendChild(ol);
    }
    panel.hidden = false;
  }
  network.on("click", (p) => { if (p.nodes.length) showDetail(p.nodes[0]); });

  // filters: a node stays when it carries every chosen value (nodes without facets always stay)
  const facetValues = {};
  for (const f of data.facets) facetValues[f] = new Set();
  for (const n of data.nodes) {
    if (!n.f) continue;
    for (const f of data.facets) for (const v of n.f[f] || []) facetValues[f].add(v);
  }
  const controls = {};
  for (const f of data.facets) {
    const values = [...facetValues[f]].sort();
    if (!values.length) continue;
    const label = el("label", FACET_LABELS[f]);
    let control;
    if (TEXT_FACETS.has(f)) {
      control = el("input");
      control.type = "search";
      control.setAttribute("list", `gk-values-${f}`);
      control.placeholder = `any ${f} (${values.length})`;
      const datalist = el("datalist");
      datalist.id = `gk-values-${f}`;
      for (const v of values) { const o = el("option"); o.value = v; datalist.appendChild(o); }
      label.appendChild(datalist);
    } else {
      control = el("select");
      control.appendChild(el("option", `any ${f}`));
      control.firstChild.value = "";
      for (const v of values) {
        const o = el("option", (data.facet_labels[f] || {})[v] || v);
        o.value = v;
        control.appendChild(o);
      }
    }
    control.id = `gk-facet-${f}`;
    control.addEventListener("change", applyFilters);
    label.appendChild(control);
    $("gk-facets").appendChild(label);
    controls[f] = control;
  }

  function matches(n, active) {
    if (!n.f) return true;
    for (const [f, v] of Object.entries(active)) {
      const have = n.f[f] || [];
      if (TEXT_FACETS.has(f) ? !have.some((x) => x.includes(v)) : !have.includes(v)) return false;
    }
    return true;
  }

  function applyFilters() {
    const active = {};
    for (const [f, c] of Object.entries(controls)) if (c.value.trim()) active[f] = c.value.trim();
    state.hidden = new Set(data.nodes.filter((n) => !matches(n, active)).map((n) => n.id));
    nodes.update(data.nodes.map((n) => ({ id: n.id, hidden: state.hidden.has(n.id) })));
    edges.update(data.edges.map((e) => ({ id: e.id, hidden: state.hidden.has(e.from) || state.hidden.has(e.to) })));
    status(shownText());
    const shown = data.nodes.filter((n) => !state.hidden.has(n.id)).map((n) => n.id);
    if (shown.length) network.fit(state.hidden.size ? { nodes: shown, animation: false } : { animation: false });
    return shown.length;
  }
  $("gk-legend-toggle").addEventListener("click", () => { $("gk-legend").hidden = !$("gk-legend").hidden; });
  $("gk-clear").addEventListener("click", () => {
    for (const c of Object.values(controls)) c.value = "";
    applyFilters();
  });

  // search: names (and task texts) containing the query; selects and centres the first
  const searchable = new Map(data.nodes.map((n) => {
    // task texts and other spellings (发改局 for 发展和改革局) are searchable too
    const text = (n.info || []).filter(([k]) => k === "text" || k === "written as").map(([, v]) => v).join(" ");
    return [n.id, `${n.name || ""} ${n.label || ""} ${text}`.toLowerCase()];
  }));
  function search(query) {
    const q = String(query || "").trim().toLowerCase();
    const list = $("gk-results");
    list.replaceChildren();
    if (!q) { list.hidden = true; state.lastSearch = []; return []; }
    const exact = [], partial = [];
    for (const n of data.nodes) {
      if ((n.name || "").toLowerCase() === q) exact.push(n.id);
      else if (searchable.get(n.id).includes(q)) partial.push(n.id);
    }
    const hits = [...exact, ...partial];
    const visible = hits.filter((id) => !state.hidden.has(id));
    network.selectNodes(visible);
    if (visible.length) network.focus(visible[0], { scale: Math.max(1.1, network.getScale()), animation: false });
    for (const id of hits.slice(0, 50)) {
      const n = raw.get(id);
      const li = el("li", `${n.name} · ${n.kind}${state.hidden.has(id) ? " (filtered out)" : ""}`);
      li.addEventListener("click", () => {
        if (!state.hidden.has(id)) { network.selectNodes([id]); network.focus(id, { scale: 1.3, animation: false }); }
        showDetail(id);
      });
      list.appendChild(li);
    }
    list.hidden = hits.length === 0;
    status(`${hits.length} found for “${query}” · ${shownText()}`);
    state.lastSearch = hits;
    return hits;
  }
  $("gk-search-form").addEventListener("submit", (ev) => { ev.preventDefault(); search($("gk-search").value); });

  window.govkg = {
    network, nodes, edges, state, data, search, showDetail,
    firstPaint: () => firstPaint,
    filter(values) {
      for (const [f, v] of Object.entries(values)) if (controls[f]) controls[f].value = v;
      return applyFilters();
    },
    drawn() { return { nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length }; },
    drawnKinds() {
      const out = {};
      for (const id of network.body.nodeIndices) { const k = raw.get(id).kind; out[k] = (out[k] || 0) + 1; }
      return out;
    },
    position(id) {
      const p = network.canvasToDOM(network.getPositions([id])[id]);
      const r = $("gk-network").getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    },
  };
})();
