// armswatch dashboard: small progressive enhancements. Data is never written as HTML:
// only textContent and attributes are set.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  // filter selects submit their form when changed
  document.querySelectorAll("select[data-autosubmit]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      var form = sel.form;
      if (!form) return;
      var off = form.querySelector("input[name=offset]");
      if (off) off.value = "";
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    });
  });
  // empty fields are left out of the query string (short, shareable URLs)
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input, select").forEach(function (el) {
        if (el.name && el.value === "") el.disabled = true;
      });
    });
  });
  // the alert anchored in the URL is marked on the incident page
  if (location.hash.indexOf("#alert-") === 0) {
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (el) el.classList.add("target-alert");
  }
});
