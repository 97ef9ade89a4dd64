// Week grid helpers of the staffing form: copy the first Monday to the other days of the
// cycle in place, and colour a cell when someone is there. Without JavaScript the same buttons
// submit the form and the server does the copy (masp/staffing/forms.py: copy_monday).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const fieldset = button.closest("[data-staffing-role]");
  const code = fieldset.dataset.staffingRole;
  const days = 7 * Number(fieldset.dataset.cycleWeeks || 1);
  event.preventDefault();
  for (let day = 1; day < days; day += 1) {
    if (button.dataset.copy === "weekdays" && day % 7 > 4) continue;
    for (let shift = 0; shift < 3; shift += 1) {
      const monday = fieldset.querySelector(`[name="${code}-p0${shift}"]`);
      const cell = fieldset.querySelector(`[name="${code}-p${day}${shift}"]`);
      if (cell && monday) {
        cell.value = monday.value;
        cell.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
  }
});
document.addEventListener("input", (event) => {
  const cell = event.target.closest(".masp-grid input");
  if (!cell) return;
  const value = Number(cell.value || 0);
  cell.closest("td").classList.toggle("masp-on", value > 0);
});
