// The "Générer un rapport" form, helped along (the server decides without it): a semester or
// year preset fills the dates, a date typed by hand makes the period free again, and only the
// house or the region the chosen type of report needs is shown.
(() => {
  const form = document.querySelector("[data-report-request]");
  if (!form) return;
  const field = (name) => form.elements.namedItem(name);
  const preset = field("preset");
  const start = field("period_start");
  const end = field("period_end");
  const kind = field("kind");
  // "2026-S1": January to June; "2026-S2": July to December; "2026": the year.
  const dates = (value) => {
    const found = /^(\d{4})(?:-S([12]))?$/.exec(value || "");
    if (!found) return null;
    const year = found[1];
    if (found[2] === "1") return [`${year}-01-01`, `${year}-06-30`];
    if (found[2] === "2") return [`${year}-07-01`, `${year}-12-31`];
    return [`${year}-01-01`, `${year}-12-31`];
  };
  const fill = () => {
    const period = dates(preset.value);
    if (!period) return;
    [start.value, end.value] = period;
  };
  const free = () => {
    const period = dates(preset.value);
    if (period && (start.value !== period[0] || end.value !== period[1])) preset.value = "";
  };
  const scope = () => {
    for (const block of form.querySelectorAll("[data-for-kind]")) {
      block.hidden = kind.value !== block.dataset.forKind;
    }
  };
  if (preset && start && end) {
    if (!start.value && !end.value) fill();
    preset.addEventListener("change", fill);
    start.addEventListener("change", free);
    end.addEventListener("change", free);
  }
  if (kind) {
    scope();
    kind.addEventListener("change", scope);
  }
})();
