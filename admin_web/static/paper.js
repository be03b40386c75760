// Paper form entry: a digit typed in a level field moves on to the next field; errors get focus.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("paper-form");
  if (!form) return;
  const errors = document.getElementById("errors");
  if (errors) errors.focus();
  const fields = Array.from(form.querySelectorAll("input:not([type=hidden]), textarea, button"));
  form.querySelectorAll("input.digit").forEach((input) => {
    input.addEventListener("input", () => {
      const max = Number((input.getAttribute("pattern") || "[1-9]").slice(3, -1));
      const value = Number(input.value);
      if (input.value.length === 1 && value >= 1 && value <= max) {
        const next = fields[fields.indexOf(input) + 1];
        if (next) next.focus();
      }
    });
  });
});
