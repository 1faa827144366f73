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
  if (document.querySelector("tr.segment")) {  // the index has no segments to filter
    toggle("only segments needing attention (" + problems + ")", function (on) {
      body.classList.toggle("problems-only", on);
    }, false);
  }
  // A link into a folded list (a cell's finding pointing at the term list) opens the list it lands in.
  function unfold() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var folded = false;
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) { node.open = true; folded = true; }
    }
    if (folded) target.scrollIntoView();
  }
  window.addEventListener("hashchange", unfold);
  unfold();
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  body.dataset.ready = "1";
})();
