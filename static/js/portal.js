/* Marks the page as scripted, so parts that need JavaScript (the graded question after a "yes")
   are hidden only when scripts run; without them the whole form shows and still works. */
document.documentElement.classList.add("js");

/* A checkbox with data-check-all="name" ticks or unticks every checkbox of that name in its form
   (bulk attendance marking). */
document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.dataset.checkAll) return;
  for (const other of box.form.querySelectorAll(`input[type=checkbox][name="${box.dataset.checkAll}"]`)) {
    other.checked = box.checked;
  }
});

/* A button with data-confirm="question" asks before it submits (removing a participant). */
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});

/* A button with data-print opens the browser's print dialog (which also saves as PDF). */
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
