// psephos web: small progressive enhancements. Every page works without this file.
"use strict";

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
      } catch (error) {
        window.location.href = link.getAttribute("href");
      }
    });
  }
  // Election picker: go to the chosen election's page.
  for (const select of document.querySelectorAll("select[data-navigate]")) {
    select.addEventListener("change", () => {
      window.location.href = select.dataset.navigate + encodeURIComponent(select.value);
    });
  }
});

document.addEventListener("DOMContentLoaded", () => {
  // Swingometer sliders: show the value while dragging, project when released.
  const form = document.getElementById("swing-form");
  if (!form) return;
  for (const slider of form.querySelectorAll("input[type=range]")) {
    const output = document.getElementById(slider.dataset.output);
    slider.addEventListener("input", () => { if (output) output.textContent = slider.value; });
    slider.addEventListener("change", () => form.requestSubmit());
  }
});
