/* certdir progressive enhancement. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Filters collapse behind a button on small screens.
  function setUpFilterToggles(root) {
    root.querySelectorAll("[data-filters-toggle]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      var panel = document.getElementById(button.getAttribute("aria-controls"));
      if (!panel) return;
      panel.dataset.collapsed = "true";
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        panel.dataset.collapsed = open ? "true" : "false";
      });
    });
  }

  // Print buttons exist only with JavaScript (without it, the browser's own Print works).
  function setUpPrintButtons(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // A search box that narrows a <select> as you type; the server-side search still works.
  function setUpSelectFilters(root) {
    root.querySelectorAll("[data-filter-select]").forEach(function (input) {
      if (input.dataset.ready) return;
      input.dataset.ready = "1";
      var select = document.getElementById(input.dataset.filterSelect);
      if (!select) return;
      input.addEventListener("input", function () {
        var needle = input.value.trim().toLowerCase();
        Array.prototype.forEach.call(select.options, function (option) {
          var keep = !needle || option.value === "" || option.selected ||
            option.text.toLowerCase().indexOf(needle) !== -1;
          option.hidden = !keep;
        });
      });
    });
  }

  // Filters panels (<details class="filters-panel">) are open on wide screens. site.css does
  // that by itself where the browser can style ::details-content; this covers the others.
  var wide = window.matchMedia("(min-width: 48.01rem)");
  function setUpFilterPanels(root) {
    if (!wide.matches) return;
    root.querySelectorAll("details.filters-panel").forEach(function (panel) {
      panel.open = true;
    });
  }

  function setUp(root) {
    setUpFilterToggles(root);
    setUpFilterPanels(root);
    setUpPrintButtons(root);
    setUpSelectFilters(root);
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.target); });
})();
