// The page's charts, drawn with the vendored uPlot: stacked areas and lines on a time axis in
// network time, with a tooltip of the values under the cursor and a legend that toggles series.
/* global uPlot */

const drawn = new Map(); // chart element -> its uPlot

export const number = (value, digits = 0) =>
  value == null ? "–" : value.toLocaleString("en-AU", {maximumFractionDigits: digits});

// "+10:00" -> "Etc/GMT-10" (the IANA zones of fixed offsets have the sign reversed)
export function zoneOf(offset) {
  const hours = parseInt(offset, 10);
  return `Etc/GMT${hours >= 0 ? "-" : "+"}${Math.abs(hours)}`;
}

function tooltip(zone, unit, withTime, raw, colours) {
  const format = new Intl.DateTimeFormat("en-AU", withTime
    ? {timeZone: zone, dateStyle: "medium", timeStyle: "short"}
    : {timeZone: zone, dateStyle: "medium"});
  let box;
  const show = (u) => {
    const i = u.cursor.idx;
    if (i == null || u.cursor.left < 0) { box.hidden = true; return; }
    const rows = u.series.slice(1)
      .map((series, k) => ({series, colour: colours[k], value: raw[k][i]}))
      .filter((row) => row.series.show && row.value != null);
    box.innerHTML = `<b>${format.format(u.data[0][i] * 1000)}</b>` + rows.map((row) =>
      `<div><i style="background:${row.colour}"></i>${row.series.label}: ` +
      `${number(row.value, 1)} ${unit}</div>`).join("");
    box.hidden = false;
    const left = u.cursor.left;
    box.style.left = `${left > u.over.clientWidth / 2 ? left - box.offsetWidth - 12 : left + 12}px`;
  };
  return {hooks: {
    init: (u) => { box = document.createElement("div"); box.className = "tooltip"; box.hidden = true; u.over.append(box); },
    setCursor: show,
  }};
}

function options(element, {unit, zone, withTime, series, raw, height}) {
  const colours = series.map((s) => s.colour);
  return {
    width: element.clientWidth || 600,
    height,
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), zone),
    cursor: {sync: {key: "time"}, points: {show: false}},
    legend: {live: false},
    scales: {x: {time: true}},
    axes: [{}, {label: unit, size: 64, space: 20, values: (u, ticks) => ticks.map((t) => number(t, 1))}],
    series: [{}, ...series.map((s) => ({label: s.label, stroke: s.colour, width: 1.5, ...s.style}))],
    plugins: [tooltip(zone, unit, withTime, raw, colours)],
  };
}

function draw(element, opts, data) {
  drawn.get(element)?.destroy();
  element.dataset.points = data.slice(1).flat().filter((v) => v != null).length;
  drawn.set(element, new uPlot(opts, data, element));
}

// Line series [{label, colour, values}] on shared `times` (epoch seconds).
export function lineChart(element, {times, series, unit, zone, withTime, height = 160}) {
  const raw = series.map((s) => s.values);
  draw(element, options(element, {unit, zone, withTime, series, raw, height}), [times, ...raw]);
}

// Cumulative sums of the shown layers, bottom up; loads (negative layers) stack down from zero.
function stack(layers, shown) {
  const up = layers[0].values.map(() => 0);
  const down = up.slice();
  return layers.map((layer, k) => {
    const total = layer.negative ? down : up;
    return layer.values.map((v, i) => (shown[k] ? (total[i] += v ?? 0) : null));
  });
}

// Stacked areas of `layers` [{label, colour, values, negative}], listed bottom up. Each area is
// drawn from zero to its cumulative sum, the tallest first, so opaque fills show the stack; a
// legend toggle restacks the shown layers.
export function stackedChart(element, {times, layers, unit, zone, withTime, height = 320}) {
  const order = [...layers.keys()].sort((a, b) =>
    (layers[a].negative - layers[b].negative) || (b - a));
  const series = order.map((k) => ({...layers[k], style: {fill: layers[k].colour, width: 0, fillTo: 0, points: {show: false}}}));
  const raw = series.map((s) => s.values);
  const stacked = (shown) => {
    const sums = stack(layers, shown);
    return [times, ...order.map((k) => sums[k])];
  };
  const opts = options(element, {unit, zone, withTime, series, raw, height});
  opts.hooks = {setSeries: [(u, index) => {
    if (index == null) return;
    const shown = layers.map((_, k) => u.series[order.indexOf(k) + 1].show);
    u.setData(stacked(shown));
  }]};
  draw(element, opts, stacked(layers.map(() => true)));
}

export function resizeCharts() {
  for (const [element, chart] of drawn) {
    if (element.isConnected) chart.setSize({width: element.clientWidth, height: chart.height});
  }
}
