/* knowledge: the header's menu and search buttons (theme/partials/header.html).
 * Material opens its drawer and its search through hidden checkboxes (__drawer,
 * __search) that it watches for change events; its own header controls are labels for
 * them, which a keyboard cannot reach and which may not carry role="button". Ours are
 * real <button>s: Tab reaches them, Enter and Space press them (the browser does that
 * for a button), and each click toggles its checkbox and dispatches the same change
 * event a label's click would, so Material reacts exactly as to a tap. aria-expanded
 * follows the checkbox, whoever changes it (Material closes the drawer after a link).
 * Opened from the keyboard, the drawer takes focus (its button is under it once open)
 * and Escape closes it; when the drawer or search closes, focus comes back to the
 * button instead of falling to the top of the page.
 * A classic script: works from file:// and under `script-src 'self'`. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button.md-header__button[data-knowledge-toggle]");
  Array.prototype.forEach.call(buttons, function (button) {
    var id = button.getAttribute("data-knowledge-toggle");
    var toggle = document.getElementById(id);
    if (!toggle || toggle.type !== "checkbox") return;
    var isDrawer = id === "__drawer";
    var fromKeyboard = false;
    var sync = function () {
      button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    };
    sync();
    toggle.addEventListener("change", function () {
      sync();
      if (!fromKeyboard) return;
      if (toggle.checked) {
        if (isDrawer) {
          var first = document.querySelector(".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex]");
          if (first) first.focus();
        }
      } else {
        fromKeyboard = false;
        // After the handler that closed it has finished (Material blurs its search box
        // right after unchecking), and only when focus is lost or left behind in the
        // closed drawer: a visitor who moved on keeps their place.
        window.setTimeout(function () {
          var focused = document.activeElement;
          if (!focused || focused === document.body || (isDrawer && focused.closest(".md-sidebar--primary"))) button.focus();
        }, 0);
      }
    });
    button.addEventListener("click", function (event) {
      // A click from Enter or Space has detail 0; a pointer's has its click count.
      fromKeyboard = event.detail === 0;
      toggle.checked = !toggle.checked;
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
      // Material focuses its search box when its own label is clicked (inside the
      // tap, which mobile browsers need to show the keyboard); do the same.
      if (!isDrawer && toggle.checked) {
        var input = document.querySelector("input.md-search__input");
        if (input) input.focus();
      }
    });
    if (isDrawer) {
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.checked) {
          fromKeyboard = true;
          button.click();
        }
      });
    }
  });
})();
