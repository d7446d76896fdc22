// Offline API page (used when swagger-ui-bundle is not installed): lists /openapi.json.
"use strict";
fetch("/openapi.json").then(function (r) { return r.json(); }).then(function (spec) {
  var ul = document.getElementById("endpoints");
  Object.keys(spec.paths).sort().forEach(function (path) {
    Object.keys(spec.paths[path]).forEach(function (method) {
      var op = spec.paths[path][method];
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = method.toUpperCase() + " " + path;
      li.appendChild(code);
      li.appendChild(document.createTextNode(" " + (op.summary || "")));
      var params = (op.parameters || []).map(function (p) { return p.name; });
      if (params.length) {
        var small = document.createElement("small");
        small.textContent = " — " + params.join(", ");
        li.appendChild(small);
      }
      ul.appendChild(li);
    });
  });
});
