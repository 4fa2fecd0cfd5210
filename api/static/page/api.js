// Reading the public API: JSON with errors as exceptions, the paths and intervals the served
// OpenAPI document lists (so the page never requests what this API does not serve), and the
// v4 timeseries shape turned into epoch-second columns, and small helpers on those columns.

let requests = new AbortController();

// Abandon the requests of the view shown so far (a newer view is being drawn).
export function newView() {
  requests.abort();
  requests = new AbortController();
}

export const abandoned = (error) => error.name === "AbortError";

export async function getJson(url, {abortable = true} = {}) {
  const response = await fetch(url, abortable ? {signal: requests.signal} : {});
  const body = await response.json();
  if (!response.ok || body.success === false) throw new Error(body.error || response.statusText);
  return body;
}

export function query(path, params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const item of [value].flat()) if (item != null && item !== "") search.append(name, item);
  }
  return `${path}?${search}`;
}

let served;
// {paths: Set of the OpenAPI paths, intervals: the interval codes of the network data path}
export async function servedApi() {
  if (!served) {
    served = getJson("/openapi.json", {abortable: false}).then((doc) => {
      const data = doc.paths["/v4/data/network/{network_code}"].get.parameters;
      const interval = data.find((p) => p.name === "interval");
      return {paths: new Set(Object.keys(doc.paths)), intervals: interval.schema.enum};
    });
  }
  return served;
}

// The results of a v4 timeseries response: {times (epoch s), series: [{columns, metric, values}],
// offset, dateEnd} with one shared time axis (every result of a v4 response has the same grid).
export function columnsOf(body) {
  const first = body.data[0]?.results[0];
  const times = first ? first.data.map(([t]) => Date.parse(t) / 1000) : [];
  const series = body.data.flatMap((item) => item.results.map((result) => ({
    metric: item.metric,
    columns: result.columns,
    values: result.data.map(([, v]) => v),
  })));
  return {times, series, offset: body.data[0]?.network_timezone_offset ?? "+10:00"};
}

// drop leading buckets where every series is null (the "all time" grid starts before the data)
export function trimmed({times, series}) {
  const first = times.findIndex((_, i) => series.some((s) => s.values[i] != null));
  const from = Math.max(first, 0);
  return {times: times.slice(from), series: series.map((s) => ({...s, values: s.values.slice(from)}))};
}

export const sumOf = (values) => values.reduce((total, v) => total + (v ?? 0), 0);

// A naive network-time ISO string (what the API reads as network time) of an epoch instant.
export function networkTime(milliseconds, offset) {
  const shift = parseInt(offset, 10) * 3600 * 1000;
  return new Date(milliseconds + shift).toISOString().slice(0, 19);
}

const ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"};
export const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ENTITIES[c]);
