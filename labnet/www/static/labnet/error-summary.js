// The first error summary of the page takes the focus (DSFR: error summary after submit),
// for browsers that ignore `autofocus` on a non-form element. Links in it focus their field.
(function () {
  if (window.labnetErrorSummary) return;
  window.labnetErrorSummary = true;
  function ready() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    if (document.activeElement !== summary) summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field && typeof field.focus === "function") {
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", ready);
  else ready();
})();
