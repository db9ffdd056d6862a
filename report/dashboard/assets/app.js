// stackaudit dashboard: renders the stack map from data.js, a page of
// tools at a time, and filters it. Every inventory string goes into the
// page through textContent, never as HTML.
(function () {
  "use strict";
  var data = window.stackauditData;
  var map = document.getElementById("stackmap");
  if (!data || !map) {
    return;
  }
  var PAGE = 300;
  var page = 0;
  var tools = data.tools;
  for (var i = 0; i < tools.length; i++) {
    var t = tools[i];
    t.hay = [t.name, t.vendor, t.id, t.sub, t.ownerName].join("\n").toLowerCase();
  }
  var f = {
    team: document.getElementById("f-team"),
    objective: document.getElementById("f-objective"),
    category: document.getElementById("f-category"),
    status: document.getElementById("f-status"),
    search: document.getElementById("f-search")
  };
  var count = document.getElementById("count");
  var pager = document.getElementById("pager");
  var prev = document.getElementById("prev");
  var next = document.getElementById("next");
  var pageinfo = document.getElementById("pageinfo");

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) {
      e.className = cls;
    }
    if (text !== undefined) {
      e.textContent = text;
    }
    return e;
  }

  function matches(t, team, objective, category, status, q) {
    if (team === "-" ? t.owner !== "" : team && t.owner !== team) {
      return false;
    }
    if (objective === "-" ? t.objectives.length > 0 : objective && t.objectives.indexOf(objective) < 0) {
      return false;
    }
    if (category && t.category !== category) {
      return false;
    }
    if (status && t.status !== status) {
      return false;
    }
    return !q || t.hay.indexOf(q) >= 0;
  }

  function filtered() {
    var team = f.team.value, objective = f.objective.value, category = f.category.value;
    var status = f.status.value, q = f.search.value.trim().toLowerCase();
    var out = [];
    for (var i = 0; i < tools.length; i++) {
      if (matches(tools[i], team, objective, category, status, q)) {
        out.push(tools[i]);
      }
    }
    return out;
  }

  function card(t, stage) {
    var li = el("li", "card st-" + t.status);
    li.setAttribute("data-tool", t.id);
    li.setAttribute("data-stage", stage);
    li.setAttribute("data-status", t.status);
    if (t.overlaps.length) {
      li.className += " overlap ov" + (((t.overlaps[0] - 1) % 8) + 1);
    }
    var h = el("h3", null, t.name);
    if (t.status !== "active") {
      h.appendChild(el("span", "status", t.status));
    }
    for (var i = 0; i < t.overlaps.length; i++) {
      var g = el("span", "group ov" + (((t.overlaps[i] - 1) % 8) + 1), String(t.overlaps[i]));
      g.title = "Overlap group " + t.overlaps[i];
      g.setAttribute("aria-label", "overlap group " + t.overlaps[i]);
      h.appendChild(g);
    }
    li.appendChild(h);
    li.appendChild(el("p", null, t.ownerName ? t.ownerName : "no owner"));
    li.appendChild(el("p", null, (t.cost ? t.cost + " a year" : "no cost declared") + (t.saving ? " · " + t.saving : "")));
    if (t.util < 0) {
      li.appendChild(el("p", "unmeasured", "usage not measured"));
      return li;
    }
    var label = t.util + "% of seats active";
    var bar = el("div", "util" + (t.util < 50 ? " low" : ""));
    bar.setAttribute("role", "img");
    bar.setAttribute("aria-label", label);
    bar.title = label;
    var fill = el("span");
    fill.style.width = Math.min(100, t.util) + "%";
    bar.appendChild(fill);
    li.appendChild(bar);
    return li;
  }

  function render() {
    var list = filtered();
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    if (page >= pages) {
      page = pages - 1;
    }
    var shown = list.slice(page * PAGE, (page + 1) * PAGE);
    var stages = data.stages, cats = data.categories;
    var cells = {};
    var used = {};
    for (var i = 0; i < shown.length; i++) {
      var t = shown[i];
      var st = t.stages.length ? t.stages : [""];
      used[t.category] = true;
      for (var j = 0; j < st.length; j++) {
        var key = t.category + "\u0000" + st[j];
        (cells[key] = cells[key] || []).push(t);
      }
    }
    var frag = document.createDocumentFragment();
    frag.appendChild(el("div", "colhead", "Category \\ stage"));
    for (var s = 0; s < stages.length; s++) {
      var head = el("div", "colhead", stages[s].name);
      head.setAttribute("data-stage-head", stages[s].id);
      frag.appendChild(head);
    }
    for (var c = 0; c < cats.length; c++) {
      if (cats[c].id === "" && !used[""]) {
        continue;
      }
      frag.appendChild(el("div", "rowhead", cats[c].name));
      for (var s2 = 0; s2 < stages.length; s2++) {
        var ul = el("ul", "cell");
        ul.setAttribute("data-stage", stages[s2].id);
        ul.setAttribute("data-category", cats[c].id);
        ul.setAttribute("aria-label", cats[c].name + ", " + stages[s2].name);
        var ts = cells[cats[c].id + "\u0000" + stages[s2].id] || [];
        for (var k = 0; k < ts.length; k++) {
          ul.appendChild(card(ts[k], stages[s2].id));
        }
        frag.appendChild(ul);
      }
    }
    map.style.gridTemplateColumns = "minmax(110px, 150px) repeat(" + stages.length + ", minmax(150px, 1fr))";
    map.replaceChildren(frag);
    count.textContent = list.length === tools.length ? tools.length + " tools" : list.length + " of " + tools.length + " tools";
    count.setAttribute("data-count", String(list.length));
    pager.hidden = pages < 2;
    pageinfo.textContent = "Page " + (page + 1) + " of " + pages + " (tools " + (list.length ? page * PAGE + 1 : 0) + "–" + (page * PAGE + shown.length) + ")";
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }

  var pending = false;
  function schedule() {
    page = 0;
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        render();
      });
    }
  }
  ["team", "objective", "category", "status"].forEach(function (k) {
    f[k].addEventListener("change", schedule);
  });
  f.search.addEventListener("input", schedule);
  document.getElementById("filters").addEventListener("submit", function (e) {
    e.preventDefault();
  });
  prev.addEventListener("click", function () {
    page--;
    render();
  });
  next.addEventListener("click", function () {
    page++;
    render();
  });
  render();
})();
