// The records panel: the latest record instances, the current holder of each record, and a
// record's history (`/v4/milestones/history/{record_id}`) when its link is followed.
import {abandoned, escape, getJson, query} from "./api.js";
import {number} from "./charts.js";

const $ = (selector) => document.querySelector(selector);
let context;

const when = (instance) => new Date(instance.interval).toLocaleString("en-AU",
  {timeZone: context.zone, day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit"});

function row(instance) {
  const link = `/v4/milestones/history/${encodeURIComponent(instance.record_id)}`;
  return `<tr><td><a href="${link}" data-record="${escape(instance.record_id)}">${escape(instance.description)}</a></td>` +
    `<td>${when(instance)}</td></tr>`;
}

async function showHistory(recordId) {
  $("#history-name").textContent = `History of ${recordId}`;
  context.message("history", "Loading…");
  try {
    const body = await getJson(`/v4/milestones/history/${encodeURIComponent(recordId)}`);
    $("#history-table tbody").innerHTML = body.data.map((instance) =>
      `<tr><td>${when(instance)}</td><td>${number(instance.value, 1)} ${escape(instance.value_unit)}</td>` +
      `<td>${instance.change_percent == null ? "" : `${number(instance.change_percent, 1)} %`}</td></tr>`).join("");
    context.message("history", "");
  } catch (error) {
    if (!abandoned(error)) context.message("history", `Not available: ${error.message}`);
  }
}

export async function renderRecords({view, when: range}, message) {
  context = {zone: range.zone, message};
  $("#history-name").textContent = "";
  $("#history-table tbody").innerHTML = "";
  const body = await getJson(query("/v4/milestones/records", {network: view.network, network_region: view.region, limit: 100}));
  const records = body.data.sort((a, b) => b.interval.localeCompare(a.interval));
  if (!records.length) throw new Error("no records for this network");
  const current = [...new Map(records.slice().reverse().map((r) => [r.record_id, r])).values()]; // newest of each
  $("#records-latest tbody").innerHTML = records.slice(0, 8).map(row).join("");
  $("#records-all tbody").innerHTML = current
    .sort((a, b) => b.significance - a.significance || a.record_id.localeCompare(b.record_id))
    .slice(0, 12).map(row).join("");
}

$("#records").addEventListener("click", (event) => {
  const link = event.target.closest("a[data-record]");
  if (!link || event.ctrlKey || event.metaKey) return; // a modified click opens the JSON
  event.preventDefault();
  showHistory(link.dataset.record);
});
