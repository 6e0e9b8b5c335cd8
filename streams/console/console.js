// Keyboard for the review queue (progressive enhancement: every action is also a plain link).
// j / k: next / previous hold; Enter: open it; r / c: open its release / confirm form.
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.hold"));
  if (!rows.length) { return; }
  var current = -1;
  function focusRow(i) {
    if (i < 0 || i >= rows.length) { return; }
    if (current >= 0) { rows[current].classList.remove("focused"); }
    current = i;
    rows[i].classList.add("focused");
    var link = rows[i].querySelector("a.open");
    if (link) { link.focus(); }
  }
  rows.forEach(function (row, i) {
    row.addEventListener("focusin", function () {
      if (current !== i) {
        if (current >= 0) { rows[current].classList.remove("focused"); }
        current = i;
        row.classList.add("focused");
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : "";
    if (tag === "input" || tag === "textarea" || tag === "select" || event.altKey || event.ctrlKey ||
        event.metaKey) { return; }
    var go = null;
    if (event.key === "j") { focusRow(current < 0 ? 0 : current + 1); }
    else if (event.key === "k") { focusRow(current < 0 ? 0 : current - 1); }
    else if (event.key === "r" && current >= 0) { go = rows[current].querySelector("a.release"); }
    else if (event.key === "c" && current >= 0) { go = rows[current].querySelector("a.confirm"); }
    else { return; }
    event.preventDefault();
    if (go) { window.location.assign(go.getAttribute("href")); }
  });
})();
