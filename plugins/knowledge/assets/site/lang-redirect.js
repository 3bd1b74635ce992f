/* knowledge: the site root sends a visitor to the home page of their language.
 * A classic script (works from file:// and under `script-src 'self'`); the chooser's
 * plain links stay usable without JavaScript. A visitor who came from inside the
 * site (they chose the root on purpose) is not redirected. */
(function () {
  "use strict";
  var list = document.querySelector("[data-knowledge-default]");
  if (!list) return;
  var links = list.querySelectorAll("a[data-knowledge-lang]");
  if (!links.length) return;
  try {
    if (document.referrer && new URL(document.referrer).origin === window.location.origin &&
        window.location.protocol !== "file:") {
      return;
    }
  } catch (error) { /* an odd referrer: redirect as usual */ }
  var byLang = {};
  for (var i = 0; i < links.length; i++) {
    byLang[links[i].getAttribute("data-knowledge-lang")] = links[i];
  }
  var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
  var target = null;
  for (var j = 0; j < wanted.length && !target; j++) {
    var code = String(wanted[j] || "").toLowerCase().split("-")[0];
    if (Object.prototype.hasOwnProperty.call(byLang, code)) target = byLang[code];
  }
  target = target || byLang[list.getAttribute("data-knowledge-default")] || links[0];
  window.location.replace(target.href);
})();
