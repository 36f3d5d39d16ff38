(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("items");
  if (!form || !table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.getElementById("count");
  var names = ["q", "dept", "category", "status"];

  function matches(row, q, dept, category, status) {
    return (!q || row.textContent.toLowerCase().indexOf(q) >= 0) &&
      (!dept || row.getAttribute("data-dept") === dept) &&
      (!category || row.getAttribute("data-category") === category) &&
      (!status || row.getAttribute("data-status") === status);
  }

  function apply() {
    var q = form.elements.q.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, q, form.elements.dept.value, form.elements.category.value, form.elements.status.value);
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = "显示 " + shown + " / " + rows.length + " 项";
    var state = names.filter(function (name) { return form.elements[name].value; })
      .map(function (name) { return name + "=" + encodeURIComponent(form.elements[name].value); }).join("&");
    try { history.replaceState(null, "", state ? "#" + state : location.pathname); } catch (e) { /* file:// */ }
  }

  // A filtered view can be shared as a link: index.html#dept=mz&q=养老
  // A malformed link (index.html#q=%E6%B0) must not hide the filter.
  location.hash.replace(/^#/, "").split("&").forEach(function (pair) {
    var parts = pair.split("=");
    if (names.indexOf(parts[0]) < 0 || parts.length !== 2) { return; }
    try { form.elements[parts[0]].value = decodeURIComponent(parts[1]); } catch (e) { /* not a valid escape */ }
  });
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
}());
