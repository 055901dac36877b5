/* Marks the page as scripted, so parts that need JavaScript (the graded question after a "yes")
   are hidden only when scripts run; without them the whole form shows and still works. */
document.documentElement.classList.add("js");
