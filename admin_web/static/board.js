// The LED board as it shows: snapshots (pixels decoded from the exact bytes sent) drawn on a
// canvas and animated (crawl, hold, flash). Text goes in with textContent only, never as markup.
(function () {
  "use strict";

  var LED = { "0": null, "1": "#ff3b1f", "2": "#39d353", "3": "#ffb000" };
  var NAMED = { red: "#ff3b1f", green: "#39d353", amber: "#ffb000", orange: "#ff8c00", yellow: "#ffe000" };
  var OFF = "#2a1a18";
  var DOT = 6;
  var HOLD_MS = 3000;

  function colourOf(item, digit) {
    if (digit !== "1" && LED[digit]) {
      return LED[digit];
    }
    return NAMED[item.colour] || LED[digit] || LED["1"];
  }

  // Render an item to a column-major list of lit pixels; without pixels, fall back to text.
  function itemWidth(item, columns) {
    if (item.pixels && item.pixels.length) {
      return item.pixels[0].length;
    }
    return Math.max(columns, (item.text || "").length * 6);
  }

  function Animator(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.snapshot = null;
    this.key = "";
    this.index = 0;
    this.started = 0;
    var self = this;
    function frame(now) {
      self.draw(now);
      window.requestAnimationFrame(frame);
    }
    window.requestAnimationFrame(frame);
  }

  Animator.prototype.show = function (snapshot) {
    var key = JSON.stringify(snapshot);
    if (key === this.key) {
      return;
    }
    this.key = key;
    this.snapshot = snapshot;
    this.index = 0;
    this.started = 0;
    this.canvas.width = snapshot.columns * DOT;
    this.canvas.height = snapshot.rows * DOT;
    this.canvas.hidden = false;
  };

  Animator.prototype.duration = function (item) {
    var columns = this.snapshot.columns;
    if (item.mode === "hold" || item.mode === "flash") {
      return HOLD_MS;
    }
    var speed = item.speed || 3;
    var perSecond = 12 + speed * 8;
    return ((itemWidth(item, columns) + columns) / perSecond) * 1000;
  };

  Animator.prototype.offset = function (item, elapsed) {
    var columns = this.snapshot.columns;
    var width = itemWidth(item, columns);
    if (item.mode === "hold" || item.mode === "flash") {
      return width <= columns ? Math.floor((columns - width) / 2) : 0;
    }
    var progress = elapsed / this.duration(item);
    return Math.round(columns - progress * (width + columns));
  };

  Animator.prototype.draw = function (now) {
    var snap = this.snapshot;
    if (!snap) {
      return;
    }
    var ctx = this.ctx;
    ctx.fillStyle = "#111";
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    for (var y = 0; y < snap.rows; y++) {
      for (var x = 0; x < snap.columns; x++) {
        ctx.fillStyle = OFF;
        ctx.fillRect(x * DOT, y * DOT, DOT - 1, DOT - 1);
      }
    }
    if (!snap.items.length) {
      return;
    }
    if (!this.started) {
      this.started = now;
    }
    var item = snap.items[this.index % snap.items.length];
    var elapsed = now - this.started;
    if (elapsed > this.duration(item)) {
      this.index = (this.index + 1) % snap.items.length;
      this.started = now;
      item = snap.items[this.index];
      elapsed = 0;
    }
    if (item.mode === "flash" && Math.floor(elapsed / 500) % 2 === 1) {
      return;
    }
    var left = this.offset(item, elapsed);
    if (item.pixels && item.pixels.length) {
      for (var row = 0; row < Math.min(item.pixels.length, snap.rows); row++) {
        var line = item.pixels[row];
        for (var col = 0; col < line.length; col++) {
          var digit = line.charAt(col);
          var at = left + col;
          if (digit !== "0" && at >= 0 && at < snap.columns) {
            ctx.fillStyle = colourOf(item, digit);
            ctx.fillRect(at * DOT, row * DOT, DOT - 1, DOT - 1);
          }
        }
      }
    } else {
      ctx.fillStyle = colourOf(item, "1");
      ctx.font = snap.rows * DOT + "px monospace";
      ctx.textBaseline = "top";
      ctx.fillText(item.text || "", left * DOT, 0);
    }
  };

  function byId(id) {
    return document.getElementById(id);
  }

  function fillList(list, texts) {
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

  function setMatch(element, ok, good, bad) {
    if (!element) {
      return;
    }
    element.className = "match " + (ok ? "match-ok" : "match-bad");
    element.textContent = ok ? good : bad;
  }

  // The board page: ask the server once a second what the board shows and should show.
  function livePage(root) {
    var source = root.getAttribute("data-source");
    var simulated = root.getAttribute("data-simulated") === "yes";
    var sent = new Animator(byId("board-sent"));
    var playlist = new Animator(byId("board-playlist"));

    function showError(message) {
      var box = byId("board-error");
      box.textContent = message;
      box.hidden = !message;
    }

    function show(data) {
      var empty = { rows: data.rows, columns: data.columns, items: [] };
      sent.show(data.sent || empty);
      playlist.show(data.playlist || empty);
      var shown = simulated
        ? data.texts
        : (data.sent ? data.sent.items : []).map(function (item) { return item.text; });
      fillList(byId("board-texts"), shown);
      fillList(byId("board-expected"), data.expected_display);
      if (simulated) {
        byId("board-frames-ok").textContent = String(data.frames_ok);
        byId("board-frames-bad").textContent = String(data.frames_bad);
        setMatch(byId("board-match"), data.matches,
          "Bảng đang hiển thị đúng các thông điệp đang bật.",
          "Bảng chưa hiển thị đúng các thông điệp đang bật (có thể đang cập nhật).");
      }
      setMatch(byId("board-link"), data.connected, "Đang kết nối với bảng.",
        "Không kết nối được với bảng: nội dung mới chưa tới bảng.");
      byId("board-updated").textContent = data.updated_at_text || "Chưa có";
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

    tick();
  }

  // A message form: the preview button posts the form (with its CSRF token), nothing is saved.
  function previewForm(box) {
    var form = box.closest("form");
    var button = box.querySelector(".preview-button");
    var note = box.querySelector(".preview-note");
    var animator = new Animator(box.querySelector(".preview-canvas"));
    button.addEventListener("click", function () {
      note.hidden = false;
      note.textContent = "Đang vẽ…";
      fetch(box.getAttribute("data-preview"), {
        method: "POST",
        credentials: "same-origin",
        body: new FormData(form),
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          if (!result.ok) {
            note.textContent = result.data.error || "Không xem trước được.";
            return;
          }
          animator.show(result.data.snapshot);
          note.textContent = result.data.unsupported.length
            ? "Các ký tự sau sẽ hiện thành “?”: " + result.data.unsupported.join(" ")
            : "Bảng sẽ hiển thị như hình dưới (chưa lưu).";
        })
        .catch(function () {
          note.textContent = "Không kết nối được với máy chủ.";
        });
    });
  }

  var root = byId("board-live");
  if (root && window.fetch) {
    livePage(root);
  }
  Array.prototype.forEach.call(document.querySelectorAll(".preview-box"), function (box) {
    if (window.fetch) {
      previewForm(box);
    }
  });
})();
