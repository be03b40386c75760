// After an action, the page's message takes the focus so keyboard and screen-reader users hear it.
// A form posted to "…#add" comes back with that fragment, and the browser's jump to it would take
// the focus away again: so the focus is given once the page has loaded, and the fragment dropped.
function focusMessage() {
  var message = document.querySelector(".flash, .form-errors");
  if (!message) return;
  if (!message.hasAttribute("tabindex")) message.setAttribute("tabindex", "-1");
  if (location.hash) history.replaceState(null, "", location.pathname + location.search);
  message.focus();
  message.scrollIntoView({ block: "center" });
}
document.addEventListener("DOMContentLoaded", focusMessage);
window.addEventListener("load", function () { setTimeout(focusMessage, 0); });
