// Week grid helpers of the staffing form: copy Monday to the other days in place.
// Without JavaScript the same buttons submit the form and the server does the copy.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const fieldset = button.closest("[data-staffing-role]");
  const code = fieldset.dataset.staffingRole;
  const last = button.dataset.copy === "week" ? 6 : 4;
  event.preventDefault();
  for (let shift = 0; shift < 3; shift += 1) {
    const monday = fieldset.querySelector(`[name="${code}-p0${shift}"]`);
    for (let day = 1; day <= last; day += 1) {
      const cell = fieldset.querySelector(`[name="${code}-p${day}${shift}"]`);
      if (cell && monday) cell.value = monday.value;
    }
  }
});
