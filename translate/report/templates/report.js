(function () {
  var body = document.body, nav = document.getElementById("controls");
  function toggle(label, onChange, checked) {
    var box = document.createElement("input"), text = document.createElement("label");
    box.type = "checkbox"; box.checked = checked;
    box.addEventListener("change", function () { onChange(box.checked); });
    text.appendChild(box); text.appendChild(document.createTextNode(" " + label));
    nav.appendChild(text);
  }
  body.dataset.languages.split(" ").forEach(function (code) {
    if (code) toggle("show " + code, function (on) { body.classList.toggle("hide-" + code, !on); }, true);
  });
  var problems = document.querySelectorAll("tr.segment.has-problem").length;
  toggle("only segments needing attention (" + problems + ")", function (on) {
    body.classList.toggle("problems-only", on);
  }, false);
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  body.dataset.ready = "1";
})();
