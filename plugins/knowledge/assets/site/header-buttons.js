/* knowledge: Material's header menu and search buttons are <label for="__drawer|__search">
 * over hidden checkboxes. A pointer can use them; a keyboard cannot reach them and a
 * screen reader hears an unnamed image. This makes each one a named button that Tab
 * reaches, that Enter and Space toggle (through the label's own click, so Material sees
 * the same change event as for a tap), and that says whether it is open.
 * Opened from the keyboard, the drawer takes focus (its button is under it once open)
 * and Escape closes it; when the drawer or search closes, focus comes back to the button
 * instead of falling to the top of the page.
 * A classic script: works from file:// and under `script-src 'self'`. Names come from
 * the script tag (data-menu, data-search), in the page's language. */
(function () {
  "use strict";
  var script = document.currentScript;
  var names = {
    __drawer: script && script.getAttribute("data-menu"),
    __search: script && script.getAttribute("data-search"),
  };
  var labels = document.querySelectorAll('label.md-header__button[for="__drawer"], label.md-header__button[for="__search"]');
  Array.prototype.forEach.call(labels, function (label) {
    var toggle = document.getElementById(label.htmlFor);
    if (!toggle || toggle.type !== "checkbox") return;
    var isDrawer = label.htmlFor === "__drawer";
    var fromKeyboard = false;
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    if (names[label.htmlFor] && !label.hasAttribute("aria-label")) label.setAttribute("aria-label", names[label.htmlFor]);
    var sync = function () {
      label.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
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
          if (!focused || focused === document.body || (isDrawer && focused.closest(".md-sidebar--primary"))) label.focus();
        }, 0);
      }
    });
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      // Material's own window handler clicks a focused label on Enter as well: without
      // stopPropagation, Enter would toggle twice and nothing would open.
      event.preventDefault();
      event.stopPropagation();
      fromKeyboard = true;
      label.click();
    });
    if (isDrawer) {
      document.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && toggle.checked) label.click();
      });
    }
  });
})();
