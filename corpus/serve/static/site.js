// Adding a book: the form posts to the JSON API and shows how it goes on
// a line of its own, then opens the book. Without this script the form
// posts to /books and the page waits for the download.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var progress = document.getElementById("progress");
  if (!progress) return;
  document.querySelectorAll("form[action='/books']").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var id = form.querySelector("input[name=id]").value.trim();
      progress.textContent = "Fetching book " + id + " into the corpus…";
      progress.className = "progress";
      fetch("/api/books", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "id=" + encodeURIComponent(id),
      }).then(function (r) {
        return r.json().then(function (body) { return { ok: r.ok, body: body }; });
      }).then(function (res) {
        if (!res.ok) {
          progress.textContent = "Could not add book " + id + ": " + res.body.error;
          progress.className = "progress error";
          return;
        }
        progress.textContent = "Added: " + (res.body.title || "book " + id) + ". Opening it…";
        window.location = "/books/" + encodeURIComponent(id);
      }).catch(function (err) {
        progress.textContent = "Could not add book " + id + ": " + err;
        progress.className = "progress error";
      });
    });
  });
});
