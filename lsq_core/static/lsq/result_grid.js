/* The results grid: keyboard movement, paste-down from Excel, all-or-nothing save. */
(function () {
  "use strict";
  var table = document.getElementById("result-grid");
  if (!table) { return; }
  var message = document.getElementById("grid-message");

  function cells(col) { return Array.prototype.slice.call(table.querySelectorAll('input[data-col="' + col + '"]')); }
  function rowsOf() { return Array.prototype.slice.call(table.querySelectorAll("tbody tr")); }
  function move(input, step) {
    var column = cells(input.dataset.col);
    var next = column[column.indexOf(input) + step];
    if (next) { next.focus(); next.select(); }
  }

  table.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.classList.contains("cell")) { return; }
    if (event.key === "Enter" || event.key === "ArrowDown") { event.preventDefault(); move(input, 1); }
    if (event.key === "ArrowUp") { event.preventDefault(); move(input, -1); }
  });

  table.addEventListener("paste", function (event) {
    var input = event.target;
    if (!input.classList.contains("cell")) { return; }
    var text = (event.clipboardData || window.clipboardData).getData("text");
    var lines = text.replace(/\r/g, "").split("\n");
    if (lines.length && lines[lines.length - 1] === "") { lines.pop(); }
    if (lines.length < 2) { return; }
    event.preventDefault();
    var column = cells(input.dataset.col);
    var start = column.indexOf(input);
    lines.forEach(function (line, i) {
      if (column[start + i]) { column[start + i].value = line.split("\t")[0].trim(); }
    });
  });

  function show(kind, html) {
    message.className = "alert alert-" + kind;
    message.innerHTML = html;
    message.style.display = "block";
  }
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  document.getElementById("grid-save").addEventListener("click", function () {
    var payload = {reason: document.getElementById("grid-reason").value, rows: []};
    var sent = [];  // only the rows someone changed are sent: the others cannot conflict
    rowsOf().forEach(function (tr) {
      var row = {student_id: parseInt(tr.dataset.student, 10),
                 version: tr.dataset.version ? parseInt(tr.dataset.version, 10) : null};
      var dirty = false;
      tr.querySelectorAll("input.cell").forEach(function (input) {
        row[input.dataset.col] = input.value;
        if (input.value !== (input.dataset.orig || "")) { dirty = true; }
        input.parentNode.classList.remove("has-error");
      });
      if (dirty) { payload.rows.push(row); sent.push(tr); }
    });
    if (!payload.rows.length) { show("info", "ไม่มีรายการที่เปลี่ยนแปลง"); return; }
    fetch(table.dataset.saveUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": table.dataset.csrf},
      body: JSON.stringify(payload)
    }).then(function (response) {
      return response.json().then(function (body) { return {status: response.status, body: body}; });
    }).then(function (answer) {
      var body = answer.body;
      if (body.saved) {
        var byStudent = {};
        body.rows.forEach(function (r) { byStudent[r.student_id] = r; });
        rowsOf().forEach(function (tr) {
          var r = byStudent[tr.dataset.student];
          if (!r) { return; }
          tr.dataset.version = r.version || "";
          tr.querySelectorAll("input.cell").forEach(function (input) {
            input.value = r[input.dataset.col] || "";
            input.dataset.orig = input.value;
          });
          tr.querySelector(".grade").textContent = r.grade;
          tr.querySelector(".term-gpa").textContent = r.term_gpa;
        });
        show("success", "บันทึกแล้ว");
        return;
      }
      var items = (body.errors || []).concat(body.conflicts || []);
      var list = items.map(function (e) {
        var tr = sent[e.row - 1];
        if (tr && e.field) {
          var input = tr.querySelector('input[data-col="' + e.field + '"]');
          if (input) { input.parentNode.classList.add("has-error"); }
        }
        var shown = tr ? tr.dataset.row : e.row;
        return "<li>แถวที่ " + shown + (e.student_number ? " (" + escapeHtml(e.student_number) + ")" : "") +
          (e.field_label ? " ช่อง" + escapeHtml(e.field_label) : "") + ": " + escapeHtml(e.message) + "</li>";
      }).join("");
      show(answer.status === 409 ? "warning" : "danger", escapeHtml(body.message || "ยังไม่ได้บันทึก") +
        "<ul>" + list + "</ul>");
    });
  });
})();
