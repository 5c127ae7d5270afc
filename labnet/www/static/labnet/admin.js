// The Django admin's widgets, named for assistive technologies (docs/adr/0053). The admin's
// own scripts build them in jQuery's "ready" callbacks (autocompletes) and on the window's
// "load" (the filter boxes); this runs after both, once each, and only fills what is missing.
function nameAdminWidgets() {
  // The filter boxes' magnifier icons carry an aria-label on a bare <span>, which assistive
  // technologies ignore (ARIA forbids it there): give them the role of an image.
  document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
  // An empty autocomplete (select2) shows a textbox with no name: name it after the
  // field's label.
  document.querySelectorAll(".select2-selection__rendered[id$='-container']").forEach((box) => {
    const field = box.id.replace(/^select2-/, "").replace(/-container$/, "");
    const label = document.querySelector(`label[for="${field}"]`);
    if (label && !box.hasAttribute("aria-label")) {
      box.setAttribute("aria-label", label.textContent.trim().replace(/\s*:$/, ""));
    }
  });
  // A tabular inline's fields sit under their column's heading, with no label of their own:
  // name each after its heading ("Rôle", "Supprimer ?"). Rows added later are copies of
  // the hidden empty row, named here too.
  document.querySelectorAll("div.tabular table").forEach((table) => {
    table.querySelectorAll("tbody td").forEach((cell) => {
      const column = [...cell.classList].find((name) => name.startsWith("field-"));
      const heading = column
        ? table.querySelector(`thead th.column-${column.slice("field-".length)}`)
        : cell.classList.contains("delete") && table.querySelector("thead th:last-child");
      if (!heading) {
        return;
      }
      cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach((field) => {
        if (!field.labels.length && !field.hasAttribute("aria-label")) {
          field.setAttribute("aria-label", heading.textContent.trim());
        }
      });
    });
  });
}

// Registered after the admin's own callbacks (this script is deferred, theirs are not), so
// run after them.
if (window.django && window.django.jQuery) {
  window.django.jQuery(nameAdminWidgets);
}
window.addEventListener("load", nameAdminWidgets);
