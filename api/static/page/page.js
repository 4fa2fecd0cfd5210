// The page: the view (network, region, period, interval) kept in the URL, and one render
// function per panel, each reading the public API. A panel that cannot be drawn says why.
import {abandoned, columnsOf, escape, getJson, networkTime, newView, query, servedApi, sumOf, trimmed}
  from "./api.js";
import {lineChart, number, resizeCharts, stackedChart, zoneOf} from "./charts.js";
import {renderFacilities} from "./facilities.js";
import {renderFlows} from "./flows.js";
import {fueltechs} from "./fueltechs.js";
import {renderRecords} from "./records.js";

const NETWORKS = {NEM: ["NSW1", "QLD1", "SA1", "TAS1", "VIC1"], WEM: [], AU: []};
const PERIODS = {
  "1d": {label: "Last day", intervals: ["5m"], days: 1},
  "7d": {label: "7 days", intervals: ["30m", "1h"], days: 7},
  "1y": {label: "Year", intervals: ["1d"], days: 365},
  all: {label: "All time", intervals: ["1M"], days: null},
};
const FIRST_DAY = "1998-12-01T00:00:00"; // the NEM's start: "all time" from here

const $ = (selector) => document.querySelector(selector);

function message(panel, text) {
  const node = $(`#${panel}-message`);
  node.textContent = text;
  node.hidden = !text;
}

async function guarded(panel, render) {
  message(panel, "Loading…");
  try {
    await render();
    message(panel, "");
  } catch (error) {
    if (!abandoned(error)) message(panel, `Not available: ${error.message}`);
  }
}

// ---- the view in the URL ----

function readView(intervals) {
  const params = new URLSearchParams(location.search);
  const network = NETWORKS[params.get("network")] ? params.get("network") : "NEM";
  const region = NETWORKS[network].includes(params.get("region")) ? params.get("region") : "";
  const period = PERIODS[params.get("period")] ? params.get("period") : "7d";
  const offered = PERIODS[period].intervals.filter((code) => intervals.includes(code));
  const interval = offered.includes(params.get("interval")) ? params.get("interval") : offered[0];
  return {network, region, period, interval, offered};
}

function writeView(view) {
  const params = new URLSearchParams({network: view.network, period: view.period, interval: view.interval});
  if (view.region) params.set("region", view.region);
  history.pushState(null, "", `?${params}`);
}

function fillControls(view) {
  $("#place").value = view.region ? `${view.network}.${view.region}` : view.network;
  $("#period").value = view.period;
  $("#interval").innerHTML = view.offered.map((code) => `<option>${code}</option>`).join("");
  $("#interval").value = view.interval;
}

function controlsView() {
  const [network, region = ""] = $("#place").value.split(".");
  const period = $("#period").value;
  return {network, region, period, interval: $("#interval").value};
}

// ---- the time range: from the newest 5-minute interval the network has ----

async function range(view) {
  const probe = columnsOf(await getJson(query(`/v4/market/network/${view.network}`,
    {metrics: "price", interval: "5m"})));
  if (!probe.times.length) throw new Error("no prices loaded yet");
  const offset = probe.offset;
  const end = (probe.times.at(-1) + 300) * 1000;
  const days = PERIODS[view.period].days;
  const start = days ? networkTime(end - days * 86400000, offset) : FIRST_DAY;
  return {offset, zone: zoneOf(offset), date_start: start, date_end: networkTime(end, offset)};
}

// ---- panels ----

function bucketSums(series, keep) {
  const chosen = series.filter(keep);
  return chosen[0] ? chosen[0].values.map((_, i) => sumOf(chosen.map((s) => s.values[i]))) : [];
}

async function renderGeneration(ctx) {
  const {view, when, labels} = ctx;
  const body = await getJson(query(`/v4/data/network/${view.network}`, {
    metrics: ["power", "energy", "emissions", "market_value"], interval: view.interval,
    secondary_grouping: "fueltech", network_region: view.region, ...when.params,
  }));
  const {times, series} = trimmed(columnsOf(body));
  const of = (metric) => series.filter((s) => s.metric === metric);
  const layers = labels.ordered(of("power").map((s) => ({...labels.describe(s.columns.fueltech), values: s.values})));
  if (!layers.length) throw new Error("no generation in this period");
  stackedChart($("#generation-chart"), {times, layers, unit: "MW", zone: when.zone, withTime: when.withTime});

  const generation = (s) => s.values.some((v) => v > 0);
  const energy = bucketSums(of("energy"), generation);
  const emissions = bucketSums(of("emissions"), () => true);
  const intensity = energy.map((e, i) => (e > 0 ? (emissions[i] / e) * 1000 : null));
  lineChart($("#intensity-chart"), {times, unit: "kgCO₂e/MWh", zone: when.zone, withTime: when.withTime,
    series: [{label: "Emissions intensity", colour: "#555", values: intensity}]});
  renderSummary(series, labels);
}

function renderSummary(series, labels) {
  const rows = labels.ordered(series.filter((s) => s.metric === "energy").map((s) => {
    const total = (metric) => sumOf(series.find((o) => o.metric === metric && o.columns.fueltech === s.columns.fueltech)?.values ?? []);
    return {...labels.describe(s.columns.fueltech), energy: sumOf(s.values), emissions: total("emissions"), value: total("market_value")};
  })).reverse();
  const generated = sumOf(rows.filter((r) => !r.negative).map((r) => r.energy));
  const cells = (r) => [number(r.energy / 1000, 1), r.negative ? "" : number((r.energy / generated) * 100, 1),
    number(r.emissions), number(r.value), r.energy ? number(r.value / r.energy, 2) : "–"];
  $("#summary-table tbody").innerHTML = rows.map((r) =>
    `<tr><th><i style="background:${r.colour}"></i>${escape(r.label)}</th>${cells(r).map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  const totals = {energy: generated, emissions: sumOf(rows.map((r) => r.emissions)), value: sumOf(rows.filter((r) => !r.negative).map((r) => r.value))};
  $("#summary-table tfoot").innerHTML = `<tr><th>Generation</th>${cells(totals).map((c) => `<td>${c}</td>`).join("")}</tr>`;
}

async function renderMarket(ctx) {
  const {view, when} = ctx;
  const body = await getJson(query(`/v4/market/network/${view.network}`, {
    metrics: ["price", "demand", "renewable_proportion"], interval: view.interval,
    network_region: view.region, ...when.params,
  }));
  const {times, series} = trimmed(columnsOf(body));
  const line = (selector, metric, label, unit, colour) => lineChart($(`${selector}-chart`), {
    times, unit, zone: when.zone, withTime: when.withTime,
    series: [{label, colour, values: series.find((s) => s.metric === metric).values}],
  });
  line("#price", "price", "Price", "$/MWh", "#c0392b");
  line("#demand", "demand", "Demand", "MW", "#2c3e50");
  line("#renewables", "renewable_proportion", "Renewables", "%", "#52a447");
}

// ---- wiring ----

let served;

async function render() {
  newView();
  const shown = location.search;
  served = await servedApi();
  const view = readView(served.intervals);
  fillControls(view);
  document.title = `${view.region || view.network} · ${PERIODS[view.period].label} · OpenNEM (local)`;
  const labels = await fueltechs(served);
  let when;
  try {
    when = await range(view);
  } catch (error) {
    if (!abandoned(error)) $("#range").textContent = `No data for ${view.network}: ${error.message}`;
    document.body.dataset.ready = shown;
    return;
  }
  when.withTime = !["1d", "1M"].includes(view.interval);
  when.params = {date_start: when.date_start, date_end: when.date_end};
  $("#range").textContent = `${when.date_start.replace("T", " ")} to ${when.date_end.replace("T", " ")} ` +
    `network time (${when.offset}), ${view.interval} intervals`;
  const ctx = {view, when, labels, served};
  await Promise.all([
    guarded("generation", () => renderGeneration(ctx)),
    guarded("market", () => renderMarket(ctx)),
    guarded("flows", () => renderFlows(ctx)),
    guarded("records", () => renderRecords(ctx, message)),
    guarded("facilities", () => renderFacilities(ctx, message)),
  ]);
  if (location.search === shown) document.body.dataset.ready = shown;
}

async function onControl() {
  const chosen = controlsView();
  const offered = PERIODS[chosen.period].intervals.filter((code) => served.intervals.includes(code));
  if (!offered.includes(chosen.interval)) chosen.interval = offered[0];
  writeView(chosen);
  render();
}

for (const id of ["place", "period", "interval"]) $(`#${id}`).addEventListener("change", onControl);
window.addEventListener("popstate", render);
window.addEventListener("resize", resizeCharts);
render();
