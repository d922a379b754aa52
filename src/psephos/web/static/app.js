// psephos web: small progressive enhancements. Every page works without this file.
"use strict";

// number rule: begin
// Every number this script shows goes through formatNumber, the rule of
// psephos.numbers.format_number with a fixed spec (".1f", "+.1f"): a value within 1e-12 of
// zero is zero and never shows as -0.0; a non-zero value that would show as zero keeps two
// significant figures (0.0048, not 0.0). tests/web/test_web_app_js.py checks it against Python.
const formatNumber = (value, decimals, signed = false) => {
  const number = Math.abs(value) < 1e-12 ? 0 : value;
  let text = number.toFixed(decimals);
  if (number !== 0 && !/[1-9]/.test(text)) {
    // two significant figures in plain decimals (0.000067, never 6.7e-05)
    const places = Math.max(0, 1 - Math.floor(Math.log10(Math.abs(number))));
    text = number.toFixed(places);
    if (text.includes(".")) text = text.replace(/0+$/, "").replace(/\.$/, "");
  }
  return signed && !text.startsWith("-") ? `+${text}` : text;
};
// number rule: end

// election picker: begin
// The page of the election chosen in a picker (data-navigate + its id), keeping the map's mode
// (?show= of the page it is on) where that election's map offers it: the option's
// data-map-modes, written by the server (gains only where there is an earlier election).
const electionPage = (navigate, election, offered, search) => {
  const show = new URLSearchParams(search).get("show");
  const page = navigate + encodeURIComponent(election);
  return show && offered.split(" ").includes(show) ? `${page}?show=${encodeURIComponent(show)}` : page;
};
// election picker: end

// A menu's choice acts when it is made with the mouse or a finger, or confirmed with Enter; a
// key that only moves through the options (an arrow, a letter) acts on nothing, so a keyboard
// user can look through every option before choosing one (the form's button sends it). With
// onLeave, a choice made with the keys also acts as the focus leaves the menu.
const onChosen = (select, act, onLeave = false) => {
  let keyed = false;
  select.addEventListener("keydown", (event) => {
    keyed = true;
    if (event.key === "Enter") {
      event.preventDefault();
      keyed = false;
      act();
    }
  });
  select.addEventListener("pointerdown", () => { keyed = false; });
  select.addEventListener("change", () => {
    if (!keyed) act();
  });
  if (onLeave) select.addEventListener("blur", () => { if (keyed) act(); });
};

// A control the script reloads the page from has the focus again on the page that opens (its
// form's id and its name, kept for the next page only).
const REFOCUS = "psephos-refocus";
const refocusAfterReload = (control) => {
  try {
    sessionStorage.setItem(REFOCUS, JSON.stringify([control.form?.id ?? "", control.name]));
  } catch (error) { /* storage refused: the focus starts at the top, as without this */ }
};
document.addEventListener("DOMContentLoaded", () => {
  let kept = null;
  try {
    kept = sessionStorage.getItem(REFOCUS);
    sessionStorage.removeItem(REFOCUS);
  } catch (error) { /* no storage: nothing kept */ }
  if (kept) {
    const [formId, name] = JSON.parse(kept);
    const control = document.getElementById(formId)?.elements.namedItem(name);
    if (control && typeof control.focus === "function") {
      control.focus();
      return;
    }
  }
  // A page that answers a question, or refuses it, opens with the focus on the refusal (above
  // the form) or else on the answer (data-answer: below the form, off a phone's screen), so it
  // is seen and read out; a refusal there when the page loads is not announced by itself.
  if (window.location.hash) return;
  const said = document.querySelector("main [role=alert]") ?? document.querySelector("main [data-answer]");
  if (!said) return;
  if (!said.hasAttribute("tabindex")) said.setAttribute("tabindex", "-1");
  const box = said.getBoundingClientRect();
  if (box.top < 0 || box.top >= window.innerHeight) said.scrollIntoView({ block: "start" });
  said.focus({ preventScroll: true });
});

document.addEventListener("DOMContentLoaded", () => {
  // Map: clicking a seat loads its result into the side panel instead of leaving the page.
  const map = document.getElementById("hexmap");
  const panel = document.getElementById("seat-panel");
  if (map && panel) {
    const election = map.dataset.election;
    map.addEventListener("click", async (event) => {
      const link = event.target.closest("a.seat-hex");
      if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      for (const old of map.querySelectorAll(".selected")) old.classList.remove("selected");
      link.classList.add("selected");
      const url = `/seats/${encodeURIComponent(link.dataset.code)}/panel?election=${encodeURIComponent(election)}`;
      try {
        const response = await fetch(url, { headers: { Accept: "text/html" } });
        if (!response.ok) throw new Error(String(response.status));
        // The fragment is rendered by the server with every value HTML-escaped.
        panel.innerHTML = await response.text();
        // A phone shows the panel under the map, off the screen or only its top edge on it:
        // unless the result's heading is wholly on the screen, bring the panel up and put the
        // focus on it, so the result is seen (and read out) where the seat was tapped.
        const heading = panel.querySelector("h2, h3") ?? panel;
        const box = heading.getBoundingClientRect();
        if (box.top < 0 || box.bottom > window.innerHeight) {
          panel.scrollIntoView({ block: "start" });
          panel.focus({ preventScroll: true });
        }
      } catch (error) {
        window.location.href = link.getAttribute("href");
      }
    });
  }
  // Country switch: a form's hidden country field names the country its fields were filled
  // for, and the country of each option of its Election menu (data-menu-countries,
  // psephos.web.context.menu_countries); the menu switched to another country's election
  // sends the form once chosen (onChosen: picked with the mouse or a finger, or with the keys
  // and Enter or on leaving the menu, never while arrowing through it), so it reopens on that
  // country's fields and examples, the menu focused again, before anything is typed for it
  // (sent later, what was typed for the new country would be cleared as filled for the old
  // one). submit(), not requestSubmit(): a required box still empty must not stop the switch.
  for (const filledFor of document.querySelectorAll("input[type=hidden][name=country]")) {
    const form = filledFor.form;
    if (!form || !filledFor.value || !filledFor.dataset.menuCountries) continue;
    const countries = JSON.parse(filledFor.dataset.menuCountries);
    for (const select of form.querySelectorAll("select")) {
      onChosen(select, () => {
        const country = countries[select.value];
        if (!country || country === filledFor.value) return;
        refocusAfterReload(select);
        form.submit();
      }, true);
    }
  }
  // Election picker: go to the chosen election's page, keeping the map's mode where it can
  // (its Go button sends the same choice to the server, which keeps the mode the same way).
  for (const select of document.querySelectorAll("select[data-navigate]")) {
    onChosen(select, () => {
      if (select.selectedOptions[0]?.defaultSelected) return;  // the election shown
      const offered = select.selectedOptions[0]?.dataset.mapModes ?? "";
      window.location.href = electionPage(
        select.dataset.navigate, select.value, offered, window.location.search
      );
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Row filters: a menu (data-filter-rows names the table, data-filter-key the rows' data-
  // attribute) shows only the rows whose attribute is the value chosen (none chosen: every
  // row), opening the table's <details>. Without this script the menu stays hidden and the
  // table lists every row.
  for (const select of document.querySelectorAll("select[data-filter-rows]")) {
    const table = document.getElementById(select.dataset.filterRows);
    if (!table) continue;
    const key = select.dataset.filterKey;
    select.closest("[hidden]")?.removeAttribute("hidden");
    select.addEventListener("change", () => {
      for (const row of table.tBodies[0].rows) {
        row.hidden = select.value !== "" && row.dataset[key] !== select.value;
      }
      const details = table.closest("details");
      if (details && select.value !== "") details.open = true;
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Sortable tables: a heading's sort button (_sortable.html) sorts the rows in the page, as
  // the server sorts them for ?sort=&order= (psephos.web.context.TableSort.ranked: a cell's
  // data-sort-value, else its text; numbers by size, text by its letters in lower case,
  // compared as Python compares strings, blanks last; rows alike, and the blank ones, in the
  // table's own order, the row's data-sort-index, whatever was shown before), so any clicks
  // give the table the server gives for the last; sets aria-sort on the heading, keeps the
  // address and sets the sort and order of the links that name the table in data-sorted-by
  // (the JSON twin). Without this script the button asks the server for the sorted page.
  for (const button of document.querySelectorAll("th[data-sort-column] button.sort-button")) {
    button.addEventListener("click", (event) => {
      const heading = button.closest("th");
      const table = heading.closest("table");
      const column = [...heading.parentElement.cells].indexOf(heading);
      const order = button.value;
      const value = (row) => {
        const cell = row.cells[column];
        return cell.dataset.sortValue ?? cell.textContent.trim();
      };
      const place = (row) => Number(row.dataset.sortIndex ?? 0);
      const rows = [...table.tBodies[0].rows];
      const blank = rows.filter((row) => value(row) === "");
      const given = rows.filter((row) => value(row) !== "");
      const numeric = given.every((row) => !Number.isNaN(Number(value(row))));
      const lettered = (x, y) => {
        const [a, b] = [x.toLowerCase(), y.toLowerCase()];
        return a < b ? -1 : a > b ? 1 : 0;
      };
      given.sort((a, b) => {
        const [x, y] = [value(a), value(b)];
        const compared = numeric ? Number(x) - Number(y) : lettered(x, y);
        return (order === "desc" ? -compared : compared) || place(a) - place(b);
      });
      blank.sort((a, b) => place(a) - place(b));
      table.tBodies[0].append(...given, ...blank);
      for (const other of heading.parentElement.querySelectorAll("th[data-sort-column]")) {
        other.removeAttribute("aria-sort");
        const mark = other.querySelector(".sort-mark");
        if (mark) mark.textContent = "";
        const otherButton = other.querySelector("button.sort-button");
        if (otherButton) otherButton.value = "asc";
      }
      heading.setAttribute("aria-sort", order === "desc" ? "descending" : "ascending");
      heading.querySelector(".sort-mark").textContent = order === "desc" ? " ▼" : " ▲";
      button.value = order === "desc" ? "asc" : "desc";
      const address = new URL(window.location.href);
      address.searchParams.set("sort", heading.dataset.sortColumn);
      address.searchParams.set("order", order);
      window.history.replaceState(null, "", address);
      if (table.id) {
        for (const link of document.querySelectorAll(`a[data-sorted-by="${table.id}"]`)) {
          const twin = new URL(link.href);
          twin.searchParams.set("sort", heading.dataset.sortColumn);
          twin.searchParams.set("order", order);
          link.href = twin.pathname + twin.search;
        }
      }
      event.preventDefault();
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Poll table forms: the base election, model, area shares and forecast choice are chosen
  // once, in the page's main form (data-carries names it); as the table is sent, its hidden
  // inputs take those controls' values as they are now (without this script they hold the
  // choices the page was drawn with).
  for (const form of document.querySelectorAll("form[data-carries]")) {
    const source = document.getElementById(form.dataset.carries);
    if (!source) continue;
    form.addEventListener("submit", () => {
      for (const hidden of form.querySelectorAll("input[type=hidden][data-carried]")) {
        const control = source.elements.namedItem(hidden.name);
        if (!control) continue;
        if (control.type === "checkbox") hidden.disabled = !control.checked;
        else hidden.value = control.value;
      }
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Swingometer sliders: show the value while dragging, project when a slider dragged with
  // the mouse or a finger is let go. A slider moved with the keys projects nothing at each
  // step (every step reloaded the page and lost the focus): the Project button sends it.
  const form = document.getElementById("swing-form");
  if (!form) return;
  const sliders = form.querySelectorAll("input[type=range]");
  const total = document.getElementById("swing-total");
  for (const slider of sliders) {
    const output = document.getElementById(slider.dataset.output);
    slider.addEventListener("input", () => {
      if (output) output.textContent = formatNumber(Number(slider.value), 1);
      if (total) {
        let sum = 0;
        for (const each of sliders) sum += Number(each.value);
        total.textContent = formatNumber(sum, 1);
      }
    });
    let dragged = false;
    slider.addEventListener("pointerdown", () => { dragged = true; });
    slider.addEventListener("keydown", () => { dragged = false; });
    slider.addEventListener("change", () => {
      if (dragged) form.requestSubmit();
      dragged = false;
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Results night: fill the map, totals, projection and latest declarations from server-sent
  // events as seats declare, without reloading the page.
  const root = document.getElementById("night");
  if (!root || !window.EventSource) return;
  const svgNS = "http://www.w3.org/2000/svg";
  const swatch = (colour) => {
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("class", "swatch");
    svg.setAttribute("viewBox", "0 0 10 10");
    svg.setAttribute("aria-hidden", "true");
    const rect = document.createElementNS(svgNS, "rect");
    rect.setAttribute("width", "10");
    rect.setAttribute("height", "10");
    rect.setAttribute("fill", colour);
    svg.appendChild(rect);
    return svg;
  };
  const cell = (text, numeric) => {
    const td = document.createElement("td");
    if (numeric) td.className = "num";
    td.textContent = text;
    return td;
  };
  // a 90% range stays on one line ("311–449", never "311–" over "449")
  const range = (td) => { td.classList.add("range"); return td; };
  const status = document.getElementById("live-status");
  const election = root.dataset.election;
  const table = document.querySelector("#declarations-table tbody");
  const filter = document.getElementById("night-filter");
  const filters = () => {
    if (!filter) return {};
    const data = new FormData(filter);
    return { party: data.get("party") || "", region: data.get("region") || "", gains: data.get("gains") === "true", losses: data.get("losses") === "true" };
  };
  // the server's gains and losses filters: with a party, the seats it won from another
  // (gains) or lost (losses); without one, the seats that changed hands
  const changedHands = (d, wanted) => {
    if (!wanted.gains && !wanted.losses) return true;
    if (!d.gain) return false;
    if (!wanted.party) return true;
    return (wanted.gains && d.winner === wanted.party) || (wanted.losses && d.previous_winner === wanted.party);
  };
  const update = (night) => {
    document.getElementById("declared-count").textContent = String(night.n_declared);
    // a declared seat takes its winner's colour; any other (one withdrawn too) is "not declared"
    for (const hex of document.querySelectorAll("#night-map a[data-code] polygon")) {
      const colour = night.fills[hex.parentElement.dataset.code];
      hex.classList.toggle("not-declared", !colour);
      if (hex.getAttribute("fill") !== (colour || "#ffffff")) hex.setAttribute("fill", colour || "#ffffff");
    }
    const totals = document.querySelector("#night-table tbody");
    totals.replaceChildren(...night.parties.map((row) => {
      const tr = document.createElement("tr");
      const name = cell(row.party_label);
      name.prepend(swatch(row.colour));
      tr.append(name, cell(String(row.seats), true), cell(formatNumber(row.seat_change, 0, true), true),
        cell(formatNumber(row.share_pct, 1), true), cell(formatNumber(row.share_change_pct, 1, true), true));
      return tr;
    }));
    const verdict = document.getElementById("projection-call");
    verdict.textContent = night.projection.message;
    verdict.dataset.status = night.projection.status;
    const projection = document.getElementById("projection-table");
    projection.hidden = night.projection.parties.length === 0;
    // the legend of the range column is shown with the table it explains
    const legend = document.getElementById("projection-legend");
    if (legend) legend.hidden = projection.hidden;
    projection.querySelector("tbody").replaceChildren(...night.projection.parties.map((row) => {
      const tr = document.createElement("tr");
      const name = cell(row.party_label);
      name.prepend(swatch(row.colour));
      // the range in the server's words (range_text), as the page draws it
      tr.append(name, cell(String(row.declared), true), cell(formatNumber(row.projected, 0), true),
        range(cell(row.range_text, true)));
      return tr;
    }));
    const wanted = filters();
    const rows = night.declarations.filter((d) =>
      (!wanted.party || d.winner === wanted.party || d.previous_winner === wanted.party) &&
      (!wanted.region || d.region === wanted.region) && changedHands(d, wanted));
    table.replaceChildren(...rows.map((d) => {
      const tr = document.createElement("tr");
      const seat = document.createElement("td");
      const link = document.createElement("a");
      link.href = `/results-night/seats/${encodeURIComponent(d.code)}?election=${encodeURIComponent(election)}`;
      link.textContent = d.name;
      seat.appendChild(link);
      const result = cell(d.result_text);  // the words the server writes (results.night)
      result.prepend(swatch(d.colour));
      tr.append(seat, result, cell(d.majority_text, true), cell(d.region));
      return tr;
    }));
    const empty = document.getElementById("no-declarations");
    if (empty && rows.length) empty.hidden = true;
    if (status) status.textContent = `Live: updated ${new Date().toLocaleTimeString("en-GB")}.`;
  };
  const source = new EventSource(root.dataset.stream);
  source.addEventListener("night", (event) => update(JSON.parse(event.data)));
  source.addEventListener("error", () => { if (status) status.textContent = "Reconnecting…"; });
  window.addEventListener("beforeunload", () => source.close());
});
