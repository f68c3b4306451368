// On wide screens the list filters start open beside the results; on phones they stay
// behind their "Filter" control so the results come first. Without this script they
// start closed everywhere and open with a click (<details>).
(function () {
  "use strict";
  if (!window.matchMedia("(min-width: 60rem)").matches) return;
  document.querySelectorAll("details.filters").forEach(function (details) {
    details.open = true;
  });
})();
