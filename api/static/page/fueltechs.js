// Fueltech labels and colours: from `/v4/fueltechs` where this API serves it, else the ids.
// Colours are OpenElectricity's per fueltech; a fueltech without one takes its group's colour.
import {getJson} from "./api.js";

// bottom of the stack first; loads (negative) stack down from zero in this order too
const ORDER = ["coal_black", "coal_brown", "bioenergy_biomass", "bioenergy_biogas", "distillate",
  "gas_steam", "gas_ccgt", "gas_ocgt", "gas_recip", "gas_wcmg", "hydro", "wind", "solar_utility",
  "solar_thermal", "solar_rooftop", "battery_discharging", "battery_charging", "pumps"];
const COLOURS = {
  coal_black: "#121212", coal_brown: "#744a26", bioenergy_biomass: "#a3886f", bioenergy_biogas: "#b58e6f",
  distillate: "#f35020", gas_steam: "#f48e1b", gas_ccgt: "#fdb462", gas_ocgt: "#ffcd96",
  gas_recip: "#f9dcbc", gas_wcmg: "#b46813", hydro: "#4582b4", wind: "#417505",
  solar_utility: "#fed500", solar_thermal: "#fdb900", solar_rooftop: "#fff58d",
  battery_discharging: "#3245c8", battery_charging: "#577cff", pumps: "#88afd0",
};
const LOADS = new Set(["battery_charging", "pumps"]);

async function served(api) {
  if (!api.paths.has("/v4/fueltechs")) return [];
  try {
    return (await getJson("/v4/fueltechs")).data;
  } catch {
    return []; // labels fall back to the ids
  }
}

// {describe(id) -> {id, label, colour, negative}, ordered(items with id) -> sorted bottom up}
export async function fueltechs(api) {
  const known = new Map((await served(api)).map((f) => [f.code ?? f.fueltech_id, f]));
  const describe = (id) => {
    const found = known.get(id) ?? {};
    return {id, label: found.label ?? id, colour: COLOURS[id] ?? found.color ?? "#999",
      negative: LOADS.has(id) || Boolean(found.is_load)};
  };
  const rank = (id) => (ORDER.includes(id) ? ORDER.indexOf(id) : ORDER.length);
  const ordered = (items) => items.slice().sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  return {describe, ordered};
}
