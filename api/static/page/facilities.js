// The facilities panel: a table filtered by a search, a fueltech and a status, and the output of
// the chosen facility's units over the view's period (`/v4/data/facilities/{network}`).
import {abandoned, columnsOf, escape, getJson, query} from "./api.js";
import {lineChart, number} from "./charts.js";

const UNIT_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const UNITS_PATH = "/v4/data/facilities/{network_code}";
const $ = (selector) => document.querySelector(selector);

let facilities = [];
let context;

const capacity = (facility) => facility.units.reduce((total, u) => total + (u.capacity_registered ?? 0), 0);
const distinct = (facility, key) => [...new Set(facility.units.map((u) => u[key]))];

function fillFilter(select, values) {
  const chosen = select.value;
  select.innerHTML = `<option value="">all</option>` + values.map((v) => `<option>${v}</option>`).join("");
  select.value = values.includes(chosen) ? chosen : "";
}

function shownFacilities() {
  const text = $("#facility-search").value.trim().toLowerCase();
  const fueltech = $("#facility-fueltech").value, status = $("#facility-status").value;
  return facilities.filter((f) =>
    (!text || `${f.name} ${f.code}`.toLowerCase().includes(text)) &&
    (!fueltech || distinct(f, "fueltech_id").includes(fueltech)) &&
    (!status || distinct(f, "status_id").includes(status)));
}

function drawTable() {
  const shown = shownFacilities();
  $("#facilities-count").textContent = `${shown.length} of ${facilities.length} facilities`;
  $("#facilities-table tbody").innerHTML = shown.map((f) =>
    `<tr data-code="${escape(f.code)}"><th><button type="button">${escape(f.name)}</button></th><td>${f.network_region}</td>` +
    `<td>${escape(distinct(f, "fueltech_id").join(", "))}</td><td>${escape(distinct(f, "status_id").join(", "))}</td>` +
    `<td>${number(capacity(f), 1)}</td><td>${f.units.length}</td></tr>`).join("");
}

async function drawUnits(code) {
  const facility = facilities.find((f) => f.code === code);
  const {when, view, served, message} = context;
  $("#facility-name").textContent = `${facility.name}: units' output (MW)`;
  if (!served.paths.has(UNITS_PATH)) throw new Error("this API does not serve /v4/data/facilities");
  const body = await getJson(query(`/v4/data/facilities/${facility.network_id}`, {
    facility_code: code, metrics: "power", interval: view.interval, ...when.params,
  }));
  const {times, series} = columnsOf(body);
  if (!series.length) throw new Error(`no output of ${facility.name} in this period`);
  lineChart($("#facility-chart"), {times, unit: "MW", zone: when.zone, withTime: when.withTime,
    series: series.map((s, k) => ({label: s.columns.unit_code, colour: UNIT_COLOURS[k % UNIT_COLOURS.length], values: s.values}))});
  message("facility", "");
}

async function chooseFacility(code) {
  context.message("facility", "Loading…");
  try {
    await drawUnits(code);
  } catch (error) {
    if (!abandoned(error)) context.message("facility", `Not available: ${error.message}`);
  }
}

export async function renderFacilities(ctx, message) {
  context = {...ctx, message};
  const {network, region} = ctx.view;
  const body = await getJson(query("/v4/facilities/", {
    network_id: network === "AU" ? "NEM,WEM" : network, network_region: region,
  }));
  facilities = body.data.sort((a, b) => capacity(b) - capacity(a));
  fillFilter($("#facility-fueltech"), [...new Set(facilities.flatMap((f) => distinct(f, "fueltech_id")))].sort());
  fillFilter($("#facility-status"), [...new Set(facilities.flatMap((f) => distinct(f, "status_id")))].sort());
  drawTable();
  if (facilities.length) await chooseFacility(facilities[0].code);
}

for (const id of ["#facility-search", "#facility-fueltech", "#facility-status"]) {
  $(id).addEventListener("input", drawTable);
}
$("#facilities-table").addEventListener("click", (event) => {
  const row = event.target.closest("tr[data-code]");
  if (row) chooseFacility(row.dataset.code);
});
