// Live board view: ask the server once a second what the (simulated) board shows.
// Text is put in with textContent only, so stored text can never become markup.
(function () {
  "use strict";
  var root = document.getElementById("board-live");
  if (!root || !window.fetch) {
    return;
  }
  var source = root.getAttribute("data-source");

  function byId(id) {
    return document.getElementById(id);
  }

  function fillList(id, texts) {
    var list = byId(id);
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    if (!texts.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = list.getAttribute("data-empty");
      list.appendChild(empty);
      return;
    }
    texts.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
  }

  function showError(message) {
    var box = byId("board-error");
    box.textContent = message;
    box.hidden = !message;
  }

  function show(data) {
    fillList("board-texts", data.texts);
    fillList("board-expected", data.expected_display);
    byId("board-frames-ok").textContent = String(data.frames_ok);
    byId("board-frames-bad").textContent = String(data.frames_bad);
    byId("board-updated").textContent = data.updated_at_text || "Chưa có";
    var match = byId("board-match");
    match.className = "match " + (data.matches ? "match-ok" : "match-bad");
    match.textContent = data.matches
      ? "Bảng đang hiển thị đúng các thông điệp đang bật."
      : "Bảng chưa hiển thị đúng các thông điệp đang bật (có thể đang cập nhật).";
    showError("");
  }

  function tick() {
    fetch(source, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 401) {
          throw new Error("expired");
        }
        if (!response.ok) {
          throw new Error("Máy chủ trả lỗi " + response.status + ".");
        }
        return response.json();
      })
      .then(function (data) {
        show(data);
        setTimeout(tick, 1000);
      })
      .catch(function (error) {
        if (error.message === "expired") {
          showError("Phiên đăng nhập đã hết hạn. Hãy tải lại trang để đăng nhập lại.");
          return;
        }
        showError("Không lấy được dữ liệu mới từ máy chủ. Đang thử lại…");
        setTimeout(tick, 3000);
      });
  }

  setTimeout(tick, 1000);
})();
