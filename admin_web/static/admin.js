// After an action, the page's message takes the focus so keyboard and screen-reader users hear it.
document.addEventListener("DOMContentLoaded", function () {
  var message = document.querySelector(".flash, .form-errors");
  if (!message) return;
  if (!message.hasAttribute("tabindex")) message.setAttribute("tabindex", "-1");
  message.focus();
  message.scrollIntoView({ block: "center" });
});
