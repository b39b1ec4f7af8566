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

  // "Print this verification record" buttons.
  function setUpPrintButtons(root) {
    root.querySelectorAll("[data-print]").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpFilterToggles(document);
    setUpPrintButtons(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    setUpFilterToggles(event.target);
  });
})();
