// Small inline SVG charts (no library, nothing fetched from elsewhere).
"use strict";

const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  function node(tag, attrs, text) {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = String(text);
    return n;
  }

  // horizontal bars: [[label, value], ...]
  // ``scale``: the value of a full bar (100 for percentages); default the largest value
  function bars(rows, unit, scale) {
    const height = Math.max(rows.length, 1) * 28 + 8, width = 420, left = 120;
    const max = scale || Math.max(1, ...rows.map((r) => r[1]));
    const svg = node("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
    rows.forEach(([label, value], i) => {
      const y = 4 + i * 28, w = ((width - left - 50) * value) / max;
      svg.append(node("text", { x: left - 6, y: y + 16, "text-anchor": "end", class: "label" }, label),
                 node("rect", { x: left, y, width: Math.max(w, 1), height: 20, rx: 3, class: "bar" }),
                 node("text", { x: left + w + 6, y: y + 16, class: "value" }, value + (unit || "")));
    });
    if (!rows.length) svg.append(node("text", { x: 10, y: 20, class: "label" }, "今天还没有"));
    return svg;
  }

  // vertical columns: [[label, value], ...]
  function columns(rows) {
    const width = 480, height = 160, bottom = 20, step = width / rows.length;
    const max = Math.max(1, ...rows.map((r) => r[1]));
    const svg = node("svg", { viewBox: `0 0 ${width} ${height}`, class: "chart", role: "img" });
    rows.forEach(([label, value], i) => {
      const h = ((height - bottom - 16) * value) / max, x = i * step + 2;
      svg.append(node("rect", { x, y: height - bottom - h, width: step - 4, height: Math.max(h, 0), class: "bar" }));
      if (value) svg.append(node("text", { x: x + step / 2 - 2, y: height - bottom - h - 3, "text-anchor": "middle", class: "value" }, value));
      if (i % 3 === 0) svg.append(node("text", { x: x + step / 2 - 2, y: height - 5, "text-anchor": "middle", class: "label" }, label));
    });
    return svg;
  }

  function figure(title, svg) {
    const fig = document.createElement("figure");
    const cap = document.createElement("figcaption");
    cap.textContent = title;
    fig.append(cap, svg);
    return fig;
  }

  return { bars, columns, figure };
})();
