// The interregional flows panel (NEM): each region's net imports over time, its imports and
// exports of the period, and the emissions they carried (`/v4/flows/network/NEM`, where served).
import {columnsOf, getJson, query, sumOf, trimmed} from "./api.js";
import {lineChart, number} from "./charts.js";

const NEM_REGIONS = ["NSW1", "QLD1", "SA1", "TAS1", "VIC1"];
const REGION_COLOURS = {NSW1: "#1f77b4", QLD1: "#8c2d04", SA1: "#d62728", TAS1: "#2ca02c", VIC1: "#6a3d9a"};
const $ = (selector) => document.querySelector(selector);

export async function renderFlows(ctx) {
  const {view, when, served} = ctx;
  if (view.network !== "NEM") throw new Error(`the ${view.network} has no interregional flows in this view; choose the NEM`);
  const body = await getJson(query("/v4/market/network/NEM", {
    metrics: ["flow_imports", "flow_exports", "flow_imports_energy", "flow_exports_energy"],
    interval: view.interval, primary_grouping: "network_region", ...when.params,
  }));
  const {times, series} = trimmed(columnsOf(body));
  const of = (metric, region) => series.find((s) => s.metric === metric && s.columns.region === region).values;
  const regions = NEM_REGIONS.filter((region) => !view.region || region === view.region);
  lineChart($("#flows-chart"), {times, unit: "MW", zone: when.zone, withTime: when.withTime,
    series: regions.map((region) => ({label: `${region} net imports`, colour: REGION_COLOURS[region],
      values: of("flow_imports", region).map((v, i) => (v == null ? null : v - of("flow_exports", region)[i]))}))});
  const emissions = served.paths.has("/v4/flows/network/{network_code}") ? await interconnectorEmissions(when) : null;
  $("#flows-table tbody").innerHTML = regions.map((region) => {
    const imports = sumOf(of("flow_imports_energy", region)), exports = sumOf(of("flow_exports_energy", region));
    const carried = emissions ? [number(emissions.imports[region] ?? 0), number(emissions.exports[region] ?? 0)] : ["–", "–"];
    return `<tr><th>${region}</th>${[number(imports / 1000, 1), number(exports / 1000, 1), number((imports - exports) / 1000, 1), ...carried]
      .map((c) => `<td>${c}</td>`).join("")}</tr>`;
  }).join("");
}

// tCO2e imported into and exported out of each region, from the interconnectors' flows
async function interconnectorEmissions(when) {
  const body = await getJson(query("/v4/flows/network/NEM", when.params));
  const imports = {}, exports = {};
  for (const flow of body.data) {
    imports[flow.region_to] = (imports[flow.region_to] ?? 0) + flow.emissions_forward;
    exports[flow.region_from] = (exports[flow.region_from] ?? 0) + flow.emissions_forward;
    imports[flow.region_from] = (imports[flow.region_from] ?? 0) + flow.emissions_reverse;
    exports[flow.region_to] = (exports[flow.region_to] ?? 0) + flow.emissions_reverse;
  }
  return {imports, exports};
}
