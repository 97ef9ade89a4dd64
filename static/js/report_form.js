// Live balances of the activity report form, recomputed as the coordinator types: residents at
// the end (start + admissions - discharges - deaths) and each breakdown of the admissions
// (origin, age, condition, stay type) against the number of admissions. Each balance is a
// <p data-balance data-target data-plus data-minus data-label> drawn by the server; the
// server's rules stay the authority (this only helps before saving).
(() => {
  const form = document.querySelector("[data-report-form]");
  if (!form) return;
  const value = (name) => {
    const input = form.elements.namedItem(name);
    if (!input || input.value.trim() === "") return null;
    const number = Number(input.value.replace(",", "."));
    return Number.isFinite(number) ? number : null;
  };
  const total = (names) => {
    let sum = 0;
    for (const name of names) {
      const number = value(name);
      if (number === null) return null;
      sum += number;
    }
    return sum;
  };
  const words = (text) => (text ? text.split(" ").filter(Boolean) : []);
  const refresh = () => {
    for (const line of form.querySelectorAll("[data-balance]")) {
      const plus = total(words(line.dataset.plus));
      const minus = total(words(line.dataset.minus));
      const target = value(line.dataset.target);
      if (plus === null || minus === null) {
        line.hidden = true;
        continue;
      }
      const computed = plus - minus;
      const matches = target !== null && target === computed;
      let text = `${line.dataset.label} : ${computed}`;
      if (target !== null) text += matches ? " ✓" : ` (saisi : ${target})`;
      line.textContent = text;
      line.hidden = false;
      line.classList.toggle("fr-message--valid", matches);
      line.classList.toggle("fr-message--error", target !== null && !matches);
      line.classList.toggle("fr-message", true);
    }
  };
  form.addEventListener("input", refresh);
  refresh();
})();
