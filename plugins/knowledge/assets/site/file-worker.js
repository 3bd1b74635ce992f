/* knowledge: search from file://.
 *
 * Material runs search in a Web Worker, and browsers refuse `new Worker()` for a
 * file:// script, so Material hides the search box there. Material's worker
 * already supports running inside an iframe instead (it looks for
 * `parent.IFrameWorker` and loads its lunr language files next to its own
 * <script src>); this classic script provides that: on file:// pages only,
 * `Worker` becomes an object with the same postMessage/"message" interface whose
 * script runs in a hidden same-origin iframe. Messages are copied as JSON, like a
 * worker's structured clone. Over http(s) this script does nothing.
 */
(function () {
  "use strict";
  if (window.location.protocol !== "file:") return;

  function IFrameWorker(url) {
    var worker = this;
    this.onmessage = null;
    this.onerror = null;
    this._listeners = [];
    this._pending = [];
    this._ready = false;

    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.tabIndex = -1;
    frame.setAttribute("aria-hidden", "true");
    (document.body || document.documentElement).appendChild(frame);
    this._frame = frame;
    var inner = frame.contentWindow;
    var doc = frame.contentDocument;

    // The worker's postMessage() reaches this object's "message" listeners.
    inner.postMessage = function (data) {
      var copy = JSON.parse(JSON.stringify(data));
      window.setTimeout(function () { worker._emit("message", { data: copy }); }, 0);
    };
    // importScripts() loads scripts in order; Material awaits its result.
    inner.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (previous, src) {
        return previous.then(function () { return load(doc, src); });
      }, Promise.resolve());
    };

    load(doc, new URL(url, document.baseURI).href).then(function () {
      worker._ready = true;
      var pending = worker._pending;
      worker._pending = [];
      pending.forEach(function (data) { worker.postMessage(data); });
    }, function () {
      worker._emit("error", { message: "could not load " + url });
    });
  }

  function load(doc, src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      (doc.head || doc.documentElement).appendChild(script);
    });
  }

  IFrameWorker.prototype.postMessage = function (data) {
    if (!this._ready) {
      this._pending.push(data);
      return;
    }
    var inner = this._frame.contentWindow;
    var copy = inner.JSON.parse(JSON.stringify(data));
    inner.dispatchEvent(new inner.MessageEvent("message", { data: copy }));
  };

  IFrameWorker.prototype.addEventListener = function (type, listener) {
    this._listeners.push([type, listener]);
  };

  IFrameWorker.prototype.removeEventListener = function (type, listener) {
    this._listeners = this._listeners.filter(function (entry) {
      return !(entry[0] === type && entry[1] === listener);
    });
  };

  IFrameWorker.prototype._emit = function (type, event) {
    var handler = type === "message" ? this.onmessage : this.onerror;
    if (typeof handler === "function") handler.call(this, event);
    this._listeners.forEach(function (entry) {
      if (entry[0] === type) entry[1].call(this, event);
    }, this);
  };

  IFrameWorker.prototype.terminate = function () {
    if (this._frame.parentNode) this._frame.parentNode.removeChild(this._frame);
  };

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
