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

/* A table wider than the screen scrolls inside its box; the box takes the keyboard focus so it can be
   scrolled without a mouse (WCAG 2.1.1). Checked again after htmx swaps a table in and on resizing. */
function focusableScrollers() {
  for (const box of document.querySelectorAll(".table-responsive")) {
    if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
    else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
  }
}
document.addEventListener("DOMContentLoaded", focusableScrollers);
document.addEventListener("htmx:afterSettle", focusableScrollers);
window.addEventListener("resize", focusableScrollers);

/* A button with data-print opens the browser's print dialog (which also saves as PDF). */
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) window.print();
});
