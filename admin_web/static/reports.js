// The reports page: a download button starts the report as a background job, the page shows its
// progress and then downloads the file, so a long report never leaves a frozen tab.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("report-progress");
  var text = document.getElementById("report-progress-text");
  var bar = document.getElementById("report-progress-bar");
  var token = document.querySelector("#report-csrf input[name=csrf_token]");
  if (!box || !token || !window.fetch) return;
  var busy = false;

  function show(message, percent) {
    box.hidden = false;
    text.textContent = message;
    bar.value = percent;
    bar.textContent = percent + "%";
  }

  function poll(url, name) {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (job) {
        if (job.state === "running") {
          show("Đang tạo " + name + ": " + job.percent + "%", job.percent);
          window.setTimeout(function () { poll(url, name); }, 500);
        } else if (job.state === "done") {
          show("Đã tạo xong " + name + ". Đang tải về…", 100);
          busy = false;
          window.location.href = job.download;
        } else {
          show(job.message || "Không tạo được báo cáo. Hãy thử lại.", 0);
          busy = false;
        }
      })
      .catch(function () { show("Mất kết nối với máy chủ. Hãy thử lại.", 0); busy = false; });
  }

  document.querySelectorAll("a.report-file").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      if (busy) return;
      busy = true;
      var name = link.textContent.trim();
      var body = new FormData();
      body.append("csrf_token", token.value);
      show("Đang bắt đầu tạo " + name + "…", 0);
      box.focus();
      fetch(link.dataset.job, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (body) {
            if (!r.ok) throw new Error(body.message || "Không bắt đầu được. Hãy thử lại.");
            return body;
          });
        })
        .then(function (job) { poll(job.status, name); })
        .catch(function (error) {
          show(error.message || "Không bắt đầu được. Hãy thử lại.", 0);
          busy = false;
        });
    });
  });
});
