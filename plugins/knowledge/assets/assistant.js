/* knowledge: the floating FAQ assistant. Plain script, no build step, no modules.
 *
 * The page holds an empty #knowledge-assistant element whose data attributes give
 * the language, the UI strings (JSON) and page-relative URLs. The matcher
 * (matcher.js) and this language's index (faq-index.<lang>.js) are injected as
 * <script src> the first time the assistant opens: they work from file:// and
 * under "script-src 'self'". No eval, no inline handlers, and visitor text only
 * ever goes through textContent. The one HTML we insert is an answer sanitized at
 * build time, and even that is re-parsed inertly and copied through an allowlist.
 *
 * What a reply shows: KnowledgeMatcher.reply (SPEC.md §8), numbers from data-reply.
 *
 * Events (README, "What the assistant tells the page"): every question dispatches
 * "knowledge:question" on document, detail {q, lang, id|null, lead|null,
 * top:[{id,score}], score, page}; every "did this answer your question?" click dispatches
 * "knowledge:feedback", the same detail plus {helpful: true|false}. They stay in
 * the page unless the site sets assistant.report_url (data-report), which sends
 * the same records with navigator.sendBeacon to that one endpoint.
 */
(function () {
  "use strict";
  var doc = document;
  var mount = doc.getElementById("knowledge-assistant");
  if (!mount || mount.firstChild) return;
  var data = mount.dataset;
  var t = {};
  try { t = JSON.parse(data.strings || "{}"); } catch (e) { /* keep the keys as text */ }
  function s(key) { return t[key] || key; }
  // Without the build's rule (an old page): suggestions only, no related, no lead.
  var rule = { relatedMargin: -1, related: 0, suggestions: 3, leadMin: Infinity, leadMargin: Infinity };
  try { rule = JSON.parse(data.reply) || rule; } catch (e) { /* keep the plain rule */ }

  var root = new URL(data.root || "./", doc.baseURI);
  var TAGS = /^(P|BR|STRONG|EM|B|I|CODE|PRE|UL|OL|LI|A|BLOCKQUOTE|H3|H4|TABLE|THEAD|TBODY|TR|TH|TD|HR|ABBR|SUP|SUB|DEL|KBD)$/;
  // https:, mailto: or a relative path; never "//host" (protocol-relative), which the
  // build already strips: this is the second line of defence.
  var SAFE_HREF = /^(?:https:|mailto:|(?!\/\/)[A-Za-z0-9._~%\/-]*(?:#[A-Za-z0-9._~%-]*)?$)/i;
  var MAX_QUERY = 500;
  var state = 0; // 0 not loaded, 1 loading, 2 ready, 3 failed
  var matcher = null, entries = {}, pending = [], feedbackCount = 0;

  function el(tag, cls, text) {
    var node = doc.createElement(tag);
    if (cls) node.className = "knowledge-assistant__" + cls;
    if (text != null) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", null, text);
    a.href = href;
    return a;
  }

  // A paragraph that ends with the contact link (then ``after``, e.g. a full stop).
  function contactLine(cls, text, after) {
    var p = el("p", cls, text + " ");
    p.appendChild(link(data.contact, s("contact")));
    if (after) p.appendChild(doc.createTextNode(after));
    return p;
  }

  // --- the widget
  var launcher = el("button", "launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "knowledge-assistant-panel");
  launcher.title = s("launcher");
  launcher.appendChild(icon());
  launcher.appendChild(el("span", "launcher-text", s("launcher_text")));

  var panel = el("aside", "panel");
  panel.id = "knowledge-assistant-panel";
  panel.setAttribute("aria-labelledby", "knowledge-assistant-title");
  panel.hidden = true;

  var header = el("div", "header");
  var title = el("h2", "title", s("title"));
  title.id = "knowledge-assistant-title";
  var closer = el("button", "close");
  closer.type = "button";
  closer.setAttribute("aria-label", s("close"));
  closer.title = s("close");
  var cross = el("span", null, "\u00d7");
  cross.setAttribute("aria-hidden", "true");
  closer.appendChild(cross);
  header.appendChild(title);
  header.appendChild(closer);

  var note = contactLine("note", s("note"), ".");

  var log = el("div", "log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-label", s("title"));
  log.tabIndex = 0; // scrollable: reachable by keyboard

  var form = el("form", "form");
  var input = el("input", "input");
  input.id = "knowledge-assistant-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = MAX_QUERY;
  input.placeholder = s("placeholder");
  input.setAttribute("enterkeyhint", "send");
  var label = el("label", "sr-only", s("input_label"));
  label.htmlFor = input.id;
  var send = el("button", "send", s("send"));
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(note);
  panel.appendChild(log);
  panel.appendChild(form);
  mount.appendChild(panel);
  mount.appendChild(launcher);

  function icon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = doc.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = doc.createElementNS(ns, "path");
    path.setAttribute("d", "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z");
    svg.appendChild(path);
    return svg;
  }

  // --- opening and closing
  var greeted = false;
  function open() {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    if (!greeted) {
      greeted = true;
      say(el("p", null, s("greeting")));
    }
    load();
    input.focus();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open(); else close();
  });
  closer.addEventListener("click", close);
  mount.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.slice(0, MAX_QUERY).trim();
    if (!query) {
      input.focus();
      return;
    }
    input.value = "";
    ask(query);
  });

  // --- loading the matcher and the index (first open only)
  function load() {
    if (state) return;
    state = 1;
    var loaded = 0;
    [data.matcher, data.index].forEach(function (src) {
      var script = doc.createElement("script");
      script.src = src;
      script.async = false; // keep order: matcher first, then the index
      script.addEventListener("load", function () {
        if (++loaded === 2) ready();
      });
      script.addEventListener("error", failed);
      doc.head.appendChild(script);
    });
  }

  function ready() {
    var index = (self.KnowledgeFaqIndex || {})[data.lang];
    try {
      matcher = self.KnowledgeMatcher.create(index.matcher);
      entries = index.entries || {};
    } catch (e) {
      return failed();
    }
    state = 2;
    pending.splice(0).forEach(reply);
  }

  function failed() {
    if (state === 3) return;
    state = 3;
    if (pending.length) {
      pending = [];
      loadError();
    }
  }

  // --- the conversation
  function message(who) {
    var box = el("div", "msg knowledge-assistant__msg--" + who);
    var name = el("span", "sr-only", s(who === "user" ? "you" : "assistant") + ": ");
    box.appendChild(name);
    return box;
  }

  function userMessage(text) {
    var box = message("user");
    box.appendChild(el("p", null, text));
    log.appendChild(box);
    return box;
  }

  function say(node) {
    var box = message("bot");
    box.appendChild(node);
    log.appendChild(box);
    reveal(box);
    return box;
  }

  // Show a new message: all of it when it fits, else from its first line (a long
  // answer is read from the top, not from its last line).
  function reveal(box) {
    var top = box.offsetTop - log.offsetTop - 8;
    log.scrollTop = box.offsetHeight > log.clientHeight ? top : log.scrollHeight;
  }

  function ask(query) {
    reveal(userMessage(query));
    if (state === 2) reply(query);
    else if (state === 3) loadError();
    else pending.push(query);
  }

  function reply(query) {
    var result;
    try {
      result = matcher.search(query);
    } catch (e) {
      result = { id: null, top: [] };
    }
    result = result || { id: null, top: [] };
    var shown = self.KnowledgeMatcher.reply(result, rule);
    // Only entries of this language's index are shown.
    var known = function (id) { return id != null && entries[id]; };
    var answered = known(shown.answer) ? shown.answer : null;
    var record = {
      q: query,
      lang: data.lang,
      id: answered,
      lead: answered == null && known(shown.lead) ? shown.lead : null,
      top: (result.top || []).map(function (hit) { return { id: hit.id, score: hit.score }; }),
      score: typeof result.score === "number" ? result.score : null,
      page: location.pathname
    };
    emit("knowledge:question", record);
    if (answered != null) answer(answered, record, shown.related.filter(known));
    else abstain(record.lead, shown.suggestions.filter(known), record);
  }

  // --- events and the optional report endpoint
  // One record per question and per feedback click, to the page (analytics glue
  // listens on document) and, only when the site opted in, to data-report.
  function emit(type, record) {
    try {
      doc.dispatchEvent(new CustomEvent(type, { detail: record }));
    } catch (e) { /* a listener's error must not break the assistant */ }
    if (data.report && navigator.sendBeacon) {
      var body = { event: type };
      for (var key in record) body[key] = record[key];
      try {
        // A string goes as text/plain: no CORS preflight, nothing but this record.
        navigator.sendBeacon(data.report, JSON.stringify(body));
      } catch (e) { /* blocked or offline: the visitor never notices */ }
    }
  }

  // "Did this answer your question? yes / no" under an answer: real buttons, text
  // from the strings, the result dispatched once as knowledge:feedback.
  function feedback(record) {
    var group = el("div", "feedback");
    group.setAttribute("role", "group");
    var prompt = el("p", "feedback-prompt", s("feedback_question"));
    prompt.id = "knowledge-assistant-feedback-" + (++feedbackCount);
    group.setAttribute("aria-labelledby", prompt.id);
    group.appendChild(prompt);
    [["feedback_yes", true], ["feedback_no", false]].forEach(function (choice) {
      var button = el("button", "feedback-button", s(choice[0]));
      button.type = "button";
      button.setAttribute("data-helpful", String(choice[1]));
      button.addEventListener("click", function () {
        var out = {};
        for (var key in record) out[key] = record[key];
        out.helpful = choice[1];
        emit("knowledge:feedback", out);
        var thanks = el("p", "feedback-thanks", s("feedback_thanks"));
        thanks.setAttribute("role", "status");
        group.replaceWith(thanks);
        input.focus(); // the clicked button is gone: focus goes back to the question box
      });
      group.appendChild(button);
    });
    return group;
  }

  // Question, sanitized answer, FAQ link, feedback (about this entry).
  function entryParts(frag, id, record) {
    var entry = entries[id];
    frag.appendChild(el("p", "question", entry.q));
    var body = el("div", "answer");
    body.appendChild(inert(entry.a));
    frag.appendChild(body);
    var more = el("p", "more");
    more.appendChild(link(new URL(data.faq, doc.baseURI).href.split("#")[0] + "#" + id, s("see_faq")));
    frag.appendChild(more);
    var shown = {};
    for (var key in record) shown[key] = record[key];
    shown.id = id; // a suggestion the visitor picked, or the lead: feedback is about this entry
    frag.appendChild(feedback(shown));
  }

  // "Did you mean" and related questions: buttons that ask the entry's question.
  function questionList(frag, intro, ids, record) {
    if (!ids.length) return;
    frag.appendChild(el("p", null, intro));
    var list = el("ul", "suggestions");
    ids.forEach(function (id) {
      var item = doc.createElement("li");
      var button = el("button", "suggestion", entries[id].q);
      button.type = "button";
      button.addEventListener("click", function () {
        userMessage(entries[id].q);
        answer(id, record, []);
        input.focus();
      });
      item.appendChild(button);
      list.appendChild(item);
    });
    frag.appendChild(list);
  }

  function answer(id, record, related) {
    var frag = doc.createDocumentFragment();
    entryParts(frag, id, record);
    questionList(frag, s("related_questions"), related, record);
    say(frag).setAttribute("data-entry", id);
  }

  function abstain(lead, suggestions, record) {
    var frag = doc.createDocumentFragment();
    if (lead != null) {
      frag.appendChild(el("p", "unknown", s("maybe_this")));
      var block = el("div", "lead");
      var parts = doc.createDocumentFragment();
      entryParts(parts, lead, record);
      block.appendChild(parts);
      frag.appendChild(block);
      questionList(frag, s("did_you_mean_other"), suggestions.filter(function (id) { return id !== lead; }), record);
    } else {
      frag.appendChild(el("p", "unknown", s("unknown")));
      questionList(frag, s("did_you_mean"), suggestions, record);
    }
    frag.appendChild(contactLine("contact", s("ask_contact")));
    var box = say(frag);
    box.setAttribute("data-abstain", "");
    if (lead != null) box.setAttribute("data-lead", lead);
  }

  function loadError() {
    say(contactLine("error", s("load_error"), "."));
  }

  // Build-time HTML, parsed inertly (DOMParser runs no script, loads nothing) and
  // copied node by node through the same allowlist the build used.
  function inert(html) {
    var parsed = new DOMParser().parseFromString(String(html), "text/html");
    var out = doc.createDocumentFragment();
    copy(parsed.body, out);
    return out;
  }

  function copy(from, to) {
    for (var node = from.firstChild; node; node = node.nextSibling) {
      if (node.nodeType === 3) {
        to.appendChild(doc.createTextNode(node.data));
      } else if (node.nodeType === 1 && TAGS.test(node.tagName)) {
        var clone = doc.createElement(node.tagName);
        var href = node.getAttribute("href");
        if (node.tagName === "A" && href && SAFE_HREF.test(href)) {
          clone.href = new URL(href, root).href; // answer links are relative to the language root
          clone.rel = "noopener noreferrer";
        }
        if (node.hasAttribute("title")) clone.title = node.getAttribute("title");
        copy(node, clone);
        to.appendChild(clone);
      } else if (node.nodeType === 1 && !/^(SCRIPT|STYLE|TEMPLATE)$/.test(node.tagName)) {
        copy(node, to);
      }
    }
  }
})();
