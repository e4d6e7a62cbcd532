/*
 * Baclofen assistant web chat widget.
 *
 * Self-contained: no dependencies, no build step, no request to any host other
 * than the configured Rasa server and the host this script is served from.
 *
 * Embed with ONE script tag and a configuration object (JSON in data-config):
 *
 *   <script src="https://your-host/widget/baclofen-chat.js"
 *           data-config='{"socketUrl": "https://bot.example.org",
 *                         "emergencyNumber": "999"}'></script>
 *
 * emergencyNumber has no default here: the demo page server fills it from the
 * deployment's EMERGENCY_NUMBER (clinical/settings.py), and every emergency reply
 * of the bot carries it in its payload. Without it the widget says "your local
 * emergency number".
 *
 * or set window.BaclofenChatConfig = {...} before the tag, or call
 * window.BaclofenChat.init({...}) yourself (set "autoInit": false to opt out).
 *
 * Transport: Rasa's socket.io channel over Engine.IO v4 HTTP long-polling
 * (implemented below in ~150 lines; WebSockets are not used on purpose).
 * Conversation state lives in sessionStorage only (shared computers).
 * Message text is ALWAYS inserted with textContent, never parsed as HTML.
 *
 * Feedback: under the assistant's answers, "This helped" / "This didn't help" buttons
 * and an optional comment box (no personal details asked). Posted as JSON to
 * feedbackUrl (default: /feedback on the host this script is served from; "" turns
 * the buttons off) with the conversation id and the rated reply's text. No cookies.
 */
(function () {
  "use strict";

  var VERSION = "1.0.0";
  var STORAGE_PREFIX = "baclofenChat:v1:";
  var EMERGENCY = "emergency";     // custom.disposition of every "Seek care now" reply
  var NO_NUMBER_TEXT = "your local emergency number";
  var FEEDBACK_COMMENT_MAX = 500;
  var CURRENT_SCRIPT = document.currentScript;

  var DEFAULTS = {
    socketUrl: "",                 // Rasa server origin, e.g. http://127.0.0.1:5005
    socketPath: "/socket.io/",     // Rasa credentials.yml socketio_path
    userMessageEvent: "user_uttered",
    botMessageEvent: "bot_uttered",
    emergencyNumber: "",           // set it (EMERGENCY_NUMBER); see above
    title: "Baclofen side-effect helper",
    launcherLabel: "Questions about baclofen side effects?",
    initialPayload: "",            // optional message sent after the notice, e.g. "/greet"
    metadata: {},                  // sent with every message (Rasa metadata_key)
    replyTimeoutMs: 15000,         // "no answer" message after this long
    connectTimeoutMs: 8000,
    startOpen: false,
    container: null,               // element or selector; default: floating launcher
    storageKey: "default",        // separate conversations per site section
    cssUrl: null,                  // default: baclofen-chat.css next to this script
    feedbackUrl: null,             // default: /feedback on this script's host; "" = off
    autoInit: true
  };

  // ---------------------------------------------------------------------------
  // Small helpers
  // ---------------------------------------------------------------------------

  /** Create an element with optional class and text (text via textContent). */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /** Keep only characters that are valid in a dialled number. */
  function dialable(number) {
    return String(number || "").replace(/[^0-9+*#]/g, "");
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function merge(target) {
    for (var i = 1; i < arguments.length; i++) {
      var src = arguments[i] || {};
      for (var key in src) {
        if (Object.prototype.hasOwnProperty.call(src, key) && src[key] !== undefined) {
          target[key] = src[key];
        }
      }
    }
    return target;
  }

  /** Session storage wrapper that survives storage being unavailable. */
  function SessionStore(key) {
    this.key = STORAGE_PREFIX + key;
    this.memory = null;
  }
  SessionStore.prototype.load = function () {
    try {
      var raw = window.sessionStorage.getItem(this.key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return this.memory;
    }
  };
  SessionStore.prototype.save = function (state) {
    this.memory = state;
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(state));
    } catch (e) { /* private mode / quota: keep in memory only */ }
  };
  SessionStore.prototype.clear = function () {
    this.memory = null;
    try { window.sessionStorage.removeItem(this.key); } catch (e) { /* ignore */ }
  };

  // ---------------------------------------------------------------------------
  // Socket.IO (protocol v5) over Engine.IO v4 long-polling
  // ---------------------------------------------------------------------------

  var PACKET_SEPARATOR = "\x1e";

  /**
   * Minimal socket.io client using only HTTP long-polling.
   * handlers: onConnect(), onDisconnect(reason), onEvent(name, data).
   */
  function PollingSocket(baseUrl, path, handlers, connectTimeoutMs) {
    this.endpoint = String(baseUrl || "").replace(/\/+$/, "") +
      "/" + String(path || "/socket.io/").replace(/^\/+/, "");
    if (this.endpoint.charAt(this.endpoint.length - 1) !== "/") this.endpoint += "/";
    this.handlers = handlers;
    this.connectTimeoutMs = connectTimeoutMs || 8000;
    this.sid = null;
    this.connected = false;
    this.stopped = true;
    this.generation = 0;
    this.sendChain = Promise.resolve();
    this.retryDelay = 1000;
    this.retryTimer = null;
  }

  PollingSocket.prototype.url = function () {
    var url = this.endpoint + "?EIO=4&transport=polling&t=" + Date.now().toString(36) +
      Math.floor(Math.random() * 1e6).toString(36);
    if (this.sid) url += "&sid=" + encodeURIComponent(this.sid);
    return url;
  };

  /** fetch() with a timeout; resolves to the response text or rejects. */
  PollingSocket.prototype.request = function (method, body, timeoutMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && timeoutMs ? setTimeout(function () { controller.abort(); }, timeoutMs) : null;
    var options = { method: method, credentials: "omit", cache: "no-store" };
    if (controller) options.signal = controller.signal;
    if (body !== undefined) {
      options.body = body;
      options.headers = { "Content-Type": "text/plain;charset=UTF-8" };
    }
    return fetch(this.url(), options).then(function (response) {
      if (timer) clearTimeout(timer);
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  };

  PollingSocket.prototype.open = function () {
    var self = this;
    this.stopped = false;
    this.sid = null;
    var generation = ++this.generation;
    this.request("GET", undefined, this.connectTimeoutMs).then(function (text) {
      if (generation !== self.generation) return;
      var first = text.split(PACKET_SEPARATOR)[0];
      if (first.charAt(0) !== "0") throw new Error("unexpected handshake");
      var info = JSON.parse(first.slice(1));
      self.sid = info.sid;
      self.pollTimeoutMs = (info.pingInterval || 25000) + (info.pingTimeout || 20000) + 5000;
      return self.post("40").then(function () { self.poll(generation); });
    }).catch(function (error) {
      if (generation === self.generation) self.fail("connect failed: " + error);
    });
  };

  PollingSocket.prototype.poll = function (generation) {
    var self = this;
    if (this.stopped || generation !== this.generation) return;
    this.request("GET", undefined, this.pollTimeoutMs).then(function (text) {
      if (generation !== self.generation) return;
      text.split(PACKET_SEPARATOR).forEach(function (packet) { self.handlePacket(packet); });
      self.poll(generation);
    }).catch(function (error) {
      if (generation === self.generation) self.fail("poll failed: " + error);
    });
  };

  PollingSocket.prototype.handlePacket = function (packet) {
    if (!packet) return;
    var type = packet.charAt(0);
    if (type === "2") { this.post("3").catch(function () { /* poll notices */ }); return; }
    if (type === "1") { this.fail("server closed"); return; }
    if (type !== "4") return;
    var sioType = packet.charAt(1);
    var body = packet.slice(2);
    if (sioType === "0") {
      this.connected = true;
      this.retryDelay = 1000;
      this.handlers.onConnect();
    } else if (sioType === "1") {
      this.fail("namespace disconnected");
    } else if (sioType === "4") {
      this.fail("connection refused by server");
    } else if (sioType === "2") {
      var start = body.indexOf("[");
      if (start < 0) return;
      try {
        var args = JSON.parse(body.slice(start));
        this.handlers.onEvent(args[0], args[1]);
      } catch (e) { /* ignore malformed packet */ }
    }
  };

  /** Send an Engine.IO packet; POSTs are serialised (one at a time). */
  PollingSocket.prototype.post = function (packet) {
    var self = this;
    var result = this.sendChain.then(function () {
      return self.request("POST", packet, self.connectTimeoutMs);
    });
    this.sendChain = result.catch(function () { /* keep chain alive */ });
    return result;
  };

  PollingSocket.prototype.emit = function (event, data) {
    if (!this.connected) return Promise.reject(new Error("not connected"));
    var self = this;
    return this.post("42" + JSON.stringify([event, data])).catch(function (error) {
      self.fail("send failed: " + error);
      throw error;
    });
  };

  PollingSocket.prototype.fail = function (reason) {
    var wasConnected = this.connected;
    this.connected = false;
    this.sid = null;
    this.generation++;
    this.handlers.onDisconnect(reason, wasConnected);
    if (this.stopped) return;
    var self = this;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(function () { self.open(); }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, 15000);
  };

  PollingSocket.prototype.reconnectNow = function () {
    clearTimeout(this.retryTimer);
    this.retryDelay = 1000;
    if (!this.connected) this.open();
  };

  PollingSocket.prototype.close = function () {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    if (this.sid) {
      var url = this.url();
      try {
        fetch(url, { method: "POST", body: "1", credentials: "omit", keepalive: true,
          headers: { "Content-Type": "text/plain;charset=UTF-8" } }).catch(function () {});
      } catch (e) { /* ignore */ }
    }
    this.generation++;
    this.connected = false;
    this.sid = null;
  };

  // ---------------------------------------------------------------------------
  // The widget
  // ---------------------------------------------------------------------------

  function Widget(config) {
    this.config = config;
    this.store = new SessionStore(config.storageKey);
    this.state = this.store.load() || {};
    if (!this.state.sessionId) this.state.sessionId = randomId();
    if (!Array.isArray(this.state.messages)) this.state.messages = [];
    this.replyTimer = null;
    this.quietTimer = null;
    this.awaitingReply = false;
    this.sessionConfirmed = false;
    this.connectFailed = false;
    this.outbox = [];
    this.build();
    this.render();
    this.socket = new PollingSocket(config.socketUrl, config.socketPath, {
      onConnect: this.onConnect.bind(this),
      onDisconnect: this.onDisconnect.bind(this),
      onEvent: this.onEvent.bind(this)
    }, config.connectTimeoutMs);
    if (this.state.acknowledged) this.socket.open();
    var self = this;
    window.addEventListener("pagehide", function () { self.socket.close(); });
  }

  Widget.prototype.persist = function () { this.store.save(this.state); };

  /** The configured emergency number (dialable characters only), or "". */
  Widget.prototype.number = function () { return dialable(this.config.emergencyNumber); };

  /** The number as words in a sentence ("call 999 now" / "call your local ... now"). */
  Widget.prototype.numberText = function () { return this.number() || NO_NUMBER_TEXT; };

  /** Build the DOM skeleton once. */
  Widget.prototype.build = function () {
    var c = this.config;
    var root = el("div", "bcw-root");
    root.setAttribute("data-bcw-version", VERSION);
    this.root = root;

    var panelId = "bcw-panel-" + c.storageKey.replace(/[^a-zA-Z0-9_-]/g, "");
    var inline = !!c.container;
    if (!inline) {
      this.launcher = el("button", "bcw-launcher", c.launcherLabel);
      this.launcher.type = "button";
      this.launcher.setAttribute("aria-controls", panelId);
      this.launcher.setAttribute("aria-expanded", "false");
      this.launcher.addEventListener("click", this.toggle.bind(this));
      root.appendChild(this.launcher);
    } else {
      root.className += " bcw-inline";
    }

    var panel = el("section", "bcw-panel");
    panel.id = panelId;
    panel.setAttribute("aria-label", c.title);
    panel.hidden = !inline;
    this.panel = panel;

    var header = el("header", "bcw-header");
    header.appendChild(el("h2", "bcw-title", c.title));
    this.clearButton = el("button", "bcw-header-button", "Clear chat");
    this.clearButton.type = "button";
    this.clearButton.setAttribute("aria-label", "Clear this conversation from this browser");
    this.clearButton.addEventListener("click", this.clearConversation.bind(this));
    header.appendChild(this.clearButton);
    if (!inline) {
      var closeButton = el("button", "bcw-header-button bcw-close", "Close");
      closeButton.type = "button";
      closeButton.setAttribute("aria-label", "Close chat");
      closeButton.addEventListener("click", this.close.bind(this));
      header.appendChild(closeButton);
    }
    panel.appendChild(header);

    // Status line for connection problems (assertive: it is about safety).
    this.statusBox = el("div", "bcw-status");
    this.statusBox.setAttribute("role", "alert");
    this.statusBox.hidden = true;
    panel.appendChild(this.statusBox);

    // The notice that must be acknowledged before chatting.
    var notice = el("div", "bcw-notice");
    notice.setAttribute("role", "group");
    notice.setAttribute("aria-labelledby", panelId + "-notice-title");
    var noticeTitle = el("h3", "bcw-notice-title", "Before you start");
    noticeTitle.id = panelId + "-notice-title";
    notice.appendChild(noticeTitle);
    notice.appendChild(el("p", null,
      "This is an automated assistant, not a doctor, nurse or pharmacist. " +
      "It gives general information about baclofen side effects and cannot examine you."));
    var emergencyLine = el("p", "bcw-notice-emergency");
    emergencyLine.appendChild(document.createTextNode("In an emergency, call "));
    emergencyLine.appendChild(this.telLink(this.number()));
    emergencyLine.appendChild(document.createTextNode(" now. Do not wait for the chat."));
    notice.appendChild(emergencyLine);
    notice.appendChild(el("p", null,
      "Your conversation is kept only in this browser tab and is cleared when you close it. " +
      "On a shared computer, use \u201cClear chat\u201d when you are done."));
    this.ackButton = el("button", "bcw-primary", "I understand, start the chat");
    this.ackButton.type = "button";
    this.ackButton.addEventListener("click", this.acknowledge.bind(this));
    notice.appendChild(this.ackButton);
    this.notice = notice;
    panel.appendChild(notice);

    // Conversation log: screen readers announce additions.
    this.log = el("div", "bcw-log");
    this.log.setAttribute("role", "log");
    this.log.setAttribute("aria-live", "polite");
    this.log.setAttribute("aria-relevant", "additions");
    this.log.setAttribute("aria-label", "Conversation");
    this.log.tabIndex = 0;
    panel.appendChild(this.log);

    this.typing = el("div", "bcw-typing");
    this.typing.setAttribute("role", "status");
    this.typing.hidden = true;
    var dots = el("span", "bcw-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    this.typing.appendChild(dots);
    this.typing.appendChild(el("span", "bcw-typing-text", "The assistant is typing\u2026"));
    panel.appendChild(this.typing);

    var form = el("form", "bcw-form");
    form.setAttribute("autocomplete", "off");
    var inputId = panelId + "-input";
    var label = el("label", "bcw-visually-hidden", "Type your message");
    label.setAttribute("for", inputId);
    this.input = el("input", "bcw-input");
    this.input.id = inputId;
    this.input.type = "text";
    this.input.maxLength = 1000;
    this.input.placeholder = "Type your message";
    this.input.setAttribute("enterkeyhint", "send");
    this.sendButton = el("button", "bcw-send", "Send");
    this.sendButton.type = "submit";
    form.appendChild(label);
    form.appendChild(this.input);
    form.appendChild(this.sendButton);
    form.addEventListener("submit", this.onSubmit.bind(this));
    this.form = form;
    panel.appendChild(form);

    panel.addEventListener("keydown", this.onKeyDown.bind(this));
    root.appendChild(panel);

    var container = c.container;
    if (typeof container === "string") container = document.querySelector(container);
    (container || document.body).appendChild(root);
  };

  /** A tap-to-call link for a number (digits and + only in the href). */
  Widget.prototype.telLink = function (number, label) {
    if (!dialable(number)) return el("strong", "bcw-tel", label || NO_NUMBER_TEXT);
    var link = el("a", "bcw-tel", label || number);
    link.href = "tel:" + dialable(number);
    return link;
  };

  /** Sync the DOM with the state (used on load and after clearing). */
  Widget.prototype.render = function () {
    var ack = !!this.state.acknowledged;
    this.notice.hidden = ack;
    this.log.hidden = !ack;
    this.form.hidden = !ack;
    this.clearButton.hidden = !ack;
    while (this.log.firstChild) this.log.removeChild(this.log.firstChild);
    var messages = this.state.messages;
    for (var i = 0; i < messages.length; i++) {
      var next = messages[i + 1];
      this.renderMessage(messages[i], i === messages.length - 1,
        !!messages[i].feedback || !(next && next.from === "bot"));
    }
    if (this.launcher && this.state.open) this.open(false);
    if (this.launcher && this.config.startOpen && this.state.open === undefined) this.open(false);
    this.scrollToEnd();
  };

  Widget.prototype.toggle = function () {
    if (this.panel.hidden) this.open(true); else this.close();
  };

  Widget.prototype.open = function (moveFocus) {
    this.panel.hidden = false;
    this.root.classList.add("bcw-open");
    if (this.launcher) this.launcher.setAttribute("aria-expanded", "true");
    this.state.open = true;
    this.persist();
    if (moveFocus) (this.state.acknowledged ? this.input : this.ackButton).focus();
    this.scrollToEnd();
  };

  Widget.prototype.close = function () {
    if (!this.launcher) return;
    this.panel.hidden = true;
    this.root.classList.remove("bcw-open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.state.open = false;
    this.persist();
    this.launcher.focus();
  };

  Widget.prototype.onKeyDown = function (event) {
    if (event.key === "Escape" && this.launcher) {
      event.preventDefault();
      this.close();
    }
  };

  Widget.prototype.acknowledge = function () {
    this.state.acknowledged = true;
    this.persist();
    this.render();
    this.input.focus();
    this.socket.open();
    if (this.config.initialPayload && this.state.messages.length === 0) {
      this.pendingInitial = this.config.initialPayload;
    }
  };

  Widget.prototype.clearConversation = function () {
    this.socket.close();
    this.store.clear();
    this.state = { sessionId: randomId(), messages: [], open: true, acknowledged: false };
    this.persist();
    this.stopWaiting();
    this.setStatus(null);
    this.render();
    this.ackButton.focus();
  };

  // --- connection ----------------------------------------------------------

  Widget.prototype.onConnect = function () {
    this.sessionConfirmed = false;
    this.connectFailed = false;
    this.socket.emit("session_request", { session_id: this.state.sessionId }).catch(function () {});
  };

  Widget.prototype.onDisconnect = function (reason, wasConnected) {
    this.sessionConfirmed = false;
    this.connectFailed = true;
    if (window.console && console.debug) console.debug("[baclofen-chat] disconnected:", reason);
    if (this.awaitingReply) this.stopWaiting();
    if (this.outbox.length) {
      this.outbox = [];
      this.addMessage({ from: "system", kind: "noreply",
        text: "Your message could not be sent. If you feel very unwell or think it is an " +
          "emergency, call " + this.numberText() + " now." });
    }
    if (this.state.acknowledged) this.showOffline();
  };

  Widget.prototype.onEvent = function (name, data) {
    if (name === "session_confirm") {
      this.sessionConfirmed = true;
      this.setStatus(null);
      if (this.pendingInitial) {
        this.outbox.unshift(this.pendingInitial);
        this.pendingInitial = null;
      }
      var queued = this.outbox;
      this.outbox = [];
      for (var i = 0; i < queued.length; i++) this.transmit(queued[i]);
      return;
    }
    if (name === this.config.botMessageEvent) this.onBotMessage(data);
  };

  Widget.prototype.showOffline = function () {
    var box = this.statusBox;
    while (box.firstChild) box.removeChild(box.firstChild);
    box.appendChild(el("strong", null, "We can\u2019t reach the assistant right now. "));
    box.appendChild(document.createTextNode("If you feel very unwell or think it is an emergency, call "));
    box.appendChild(this.telLink(this.number()));
    box.appendChild(document.createTextNode(" now. Otherwise try again in a few minutes or contact your prescriber or pharmacist. "));
    var retry = el("button", "bcw-link-button", "Try again");
    retry.type = "button";
    var self = this;
    retry.addEventListener("click", function () { self.socket.reconnectNow(); });
    box.appendChild(retry);
    box.hidden = false;
    this.root.classList.add("bcw-offline");
  };

  Widget.prototype.setStatus = function (message) {
    if (!message) {
      this.statusBox.hidden = true;
      while (this.statusBox.firstChild) this.statusBox.removeChild(this.statusBox.firstChild);
      this.root.classList.remove("bcw-offline");
      return;
    }
    this.statusBox.textContent = message;
    this.statusBox.hidden = false;
  };

  // --- sending -------------------------------------------------------------

  Widget.prototype.onSubmit = function (event) {
    event.preventDefault();
    var text = this.input.value.trim();
    if (!text) return;
    if (this.sendToBot(text, text)) this.input.value = "";
    this.input.focus();
  };

  /**
   * Send a message (payload) to Rasa and show `shown` as the user's bubble.
   * Returns false if the server cannot be reached right now.
   */
  Widget.prototype.sendToBot = function (payload, shown) {
    var ready = this.socket.connected && this.sessionConfirmed;
    if (!ready && this.connectFailed) {
      // The last connection attempt failed: say so now instead of queueing.
      this.showOffline();
      this.socket.reconnectNow();
      return false;
    }
    this.retireQuickReplies();
    if (shown !== null) this.addMessage({ from: "user", text: shown });
    this.startWaiting();
    if (ready) this.transmit(payload); else this.outbox.push(payload); // still connecting
    return true;
  };

  /** Emit one user message on the confirmed session. */
  Widget.prototype.transmit = function (payload) {
    var self = this;
    this.socket.emit(this.config.userMessageEvent, {
      message: payload,
      session_id: this.state.sessionId,
      metadata: this.config.metadata || {}
    }).catch(function () { self.stopWaiting(); self.showOffline(); });
  };

  Widget.prototype.startWaiting = function () {
    var self = this;
    this.awaitingReply = true;
    this.typing.hidden = false;
    clearTimeout(this.replyTimer);
    this.replyTimer = setTimeout(function () { self.onNoReply(); }, this.config.replyTimeoutMs);
  };

  Widget.prototype.stopWaiting = function () {
    this.awaitingReply = false;
    this.typing.hidden = true;
    clearTimeout(this.replyTimer);
    clearTimeout(this.quietTimer);
  };

  Widget.prototype.onNoReply = function () {
    this.stopWaiting();
    this.addMessage({ from: "system", kind: "noreply",
      text: "The assistant did not answer. If you feel very unwell or think it is an " +
        "emergency, call " + this.numberText() + " now. Otherwise please try again." });
  };

  // --- receiving -----------------------------------------------------------

  Widget.prototype.onBotMessage = function (data) {
    if (!data || typeof data !== "object") return;
    // A reply arrived: keep the typing dots briefly for follow-up messages.
    clearTimeout(this.replyTimer);
    var self = this;
    this.awaitingReply = false;
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(function () { self.typing.hidden = true; }, 600);

    if (data.disposition === EMERGENCY) {
      this.onEmergencyPayload(dialable(data.emergency_number) || this.number());
      return;
    }
    var text = typeof data.text === "string" ? data.text : "";
    var buttons = [];
    var replies = data.quick_replies || data.buttons || [];
    if (Array.isArray(replies)) {
      replies.forEach(function (b) {
        if (b && typeof b.title === "string") {
          buttons.push({ title: b.title, payload: typeof b.payload === "string" ? b.payload : b.title });
        }
      });
    }
    if (!text && buttons.length === 0) {
      if (data.attachment && data.attachment.payload && data.attachment.payload.src) {
        text = "[Image] " + String(data.attachment.payload.src);
      } else {
        return; // other machine-readable payloads (e.g. triage summaries) are not shown
      }
    }
    this.addMessage({ from: "bot", text: text, buttons: buttons });
  };

  /**
   * The bot said this turn is an emergency (custom.disposition == "emergency").
   * Rasa sends a response's text first and its custom payload right after, so the
   * bot's latest text bubble of this turn becomes the alert; without one (a payload
   * alone) the widget shows its own alert. Never decided by the reply's wording.
   */
  Widget.prototype.onEmergencyPayload = function (number) {
    var messages = this.state.messages;
    var last = messages[messages.length - 1];
    if (last && last.from === "bot" && last.kind === "emergency") return;
    if (last && last.from === "bot" && !last.kind) {
      last.kind = "emergency";
      last.number = number;
      this.persist();
      this.render();
      return;
    }
    var where = number || NO_NUMBER_TEXT;
    this.addMessage({ from: "bot", kind: "emergency", number: number,
      text: "Seek care now. Call " + where + " or go to the nearest emergency department." });
  };

  Widget.prototype.addMessage = function (message) {
    this.retireQuickReplies();
    var previous = this.state.messages[this.state.messages.length - 1];
    if (message.from === "bot" && previous && previous.from === "bot" && !previous.feedback) {
      // a reply in several bubbles: feedback goes under its last bubble only
      this.removeFeedbackRow(previous);
    }
    this.state.nextId = (this.state.nextId || 0) + 1;
    message.id = this.state.nextId;
    this.state.messages.push(message);
    if (this.state.messages.length > 200) this.state.messages.splice(0, this.state.messages.length - 200);
    this.persist();
    this.renderMessage(message, true);
    this.scrollToEnd();
  };

  /** Disable quick-reply buttons of earlier messages (they were answered). */
  Widget.prototype.retireQuickReplies = function () {
    var groups = this.log.querySelectorAll(".bcw-quick-replies");
    for (var i = 0; i < groups.length; i++) groups[i].parentNode.removeChild(groups[i]);
    var changed = false;
    this.state.messages.forEach(function (m) {
      if (m.buttons && m.buttons.length && !m.buttonsUsed) { m.buttonsUsed = true; changed = true; }
    });
    if (changed) this.persist();
  };

  Widget.prototype.renderMessage = function (message, isLast, endOfReply) {
    var row = el("div", "bcw-row bcw-from-" + message.from);
    var bubble;
    if (message.kind === "emergency") {
      bubble = el("div", "bcw-bubble bcw-emergency");
      bubble.setAttribute("role", "alert");
      bubble.appendChild(el("p", "bcw-emergency-heading", "Emergency"));
      bubble.appendChild(el("p", "bcw-text", message.text));
      var number = dialable(message.number) || this.number();
      var call = this.telLink(number, "Call " + (number || NO_NUMBER_TEXT) + " now");
      call.className = "bcw-tel bcw-call-button";
      bubble.appendChild(call);
    } else {
      bubble = el("div", "bcw-bubble" + (message.kind === "noreply" ? " bcw-warning" : ""));
      var who = message.from === "user" ? "You said: " : (message.from === "bot" ? "Assistant: " : "Notice: ");
      bubble.appendChild(el("span", "bcw-visually-hidden", who));
      bubble.appendChild(el("span", "bcw-text", message.text));
      if (message.kind === "noreply") {
        bubble.setAttribute("role", "alert");
      }
    }
    row.appendChild(bubble);
    this.log.appendChild(row);
    if (endOfReply !== false && this.feedbackAllowed(message)) {
      this.log.appendChild(this.feedbackRow(message));
    }

    if (message.buttons && message.buttons.length && !message.buttonsUsed && isLast) {
      var group = el("div", "bcw-quick-replies");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested answers");
      var self = this;
      message.buttons.forEach(function (b) {
        var button = el("button", "bcw-quick-reply", b.title);
        button.type = "button";
        button.addEventListener("click", function () {
          if (self.sendToBot(b.payload, b.title)) self.input.focus();
        });
        group.appendChild(button);
      });
      this.log.appendChild(group);
    }
  };

  // --- feedback on answers ----------------------------------------------------

  /** Answers get feedback buttons: bot text without suggested replies, not alerts. */
  Widget.prototype.feedbackAllowed = function (message) {
    return !!this.config.feedbackUrl && message.from === "bot" && !message.kind &&
      !!message.text && !(message.buttons && message.buttons.length) && !!message.id;
  };

  Widget.prototype.removeFeedbackRow = function (message) {
    var row = this.log.querySelector('[data-feedback-for="' + message.id + '"]');
    if (row) row.parentNode.removeChild(row);
  };

  /** "Was this helpful?" with two toggle buttons and an optional comment box. */
  Widget.prototype.feedbackRow = function (message) {
    var self = this;
    var given = message.feedback || null;
    var box = el("div", "bcw-feedback");
    box.setAttribute("data-feedback-for", String(message.id));
    var question = el("span", "bcw-feedback-question", "Was this helpful?");
    question.id = "bcw-fbq-" + message.id;
    box.appendChild(question);
    var buttons = el("div", "bcw-feedback-buttons");
    buttons.setAttribute("role", "group");
    buttons.setAttribute("aria-labelledby", question.id);
    [[true, "This helped"], [false, "This didn\u2019t help"]].forEach(function (choice) {
      var button = el("button", "bcw-feedback-button", choice[1]);
      button.type = "button";
      button.setAttribute("data-helpful", choice[0] ? "yes" : "no");
      button.setAttribute("aria-pressed", given && given.helpful === choice[0] ? "true" : "false");
      button.addEventListener("click", function () { self.rate(message, box, choice[0]); });
      buttons.appendChild(button);
    });
    box.appendChild(buttons);
    var status = el("p", "bcw-feedback-status", given ? self.feedbackThanks(given) : "");
    status.hidden = !given;
    box.appendChild(status);

    var form = el("form", "bcw-feedback-more");
    form.hidden = !given || !!given.commented;
    var fieldId = "bcw-fbc-" + message.id;
    var label = el("label", null,
      "Anything to add? (optional) Please don\u2019t include your name, phone number " +
      "or other personal details.");
    label.setAttribute("for", fieldId);
    var field = el("textarea", "bcw-feedback-comment");
    field.id = fieldId;
    field.rows = 2;
    field.maxLength = FEEDBACK_COMMENT_MAX;
    var send = el("button", "bcw-feedback-send", "Send");
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(field);
    form.appendChild(send);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var comment = field.value.trim();
      if (!comment || !message.feedback) return;
      self.postFeedback(message, message.feedback.helpful, comment, function (ok) {
        if (ok) {
          message.feedback.commented = true;
          self.persist();
          form.hidden = true;
          status.textContent = "Thank you, your comment was sent.";
        } else {
          status.textContent = "Sorry, your comment could not be sent. Please try again later.";
        }
      });
    });
    box.appendChild(form);
    return box;
  };

  Widget.prototype.feedbackThanks = function (given) {
    return given.helpful ? "Thank you for your feedback." :
      "Thank you for telling us. If you feel very unwell or think it is an emergency, call " +
      this.numberText() + " now.";
  };

  Widget.prototype.rate = function (message, box, helpful) {
    var self = this;
    var status = box.querySelector(".bcw-feedback-status");
    this.postFeedback(message, helpful, null, function (ok) {
      status.hidden = false;
      if (!ok) {
        status.textContent = "Sorry, your feedback could not be sent. Please try again later.";
        return;
      }
      var before = message.feedback || {};
      message.feedback = { helpful: helpful, commented: !!before.commented };
      self.persist();
      var buttons = box.querySelectorAll(".bcw-feedback-button");
      for (var i = 0; i < buttons.length; i++) {
        var mine = (buttons[i].getAttribute("data-helpful") === "yes") === helpful;
        buttons[i].setAttribute("aria-pressed", mine ? "true" : "false");
      }
      status.textContent = self.feedbackThanks(message.feedback);
      box.querySelector(".bcw-feedback-more").hidden = !!message.feedback.commented;
    });
  };

  /** POST the rating; done(ok). One retry: the reply may not be stored yet. */
  Widget.prototype.postFeedback = function (message, helpful, comment, done) {
    var body = { session_id: this.state.sessionId, message: message.text, helpful: helpful };
    if (comment) body.comment = comment.slice(0, FEEDBACK_COMMENT_MAX);
    var url = this.config.feedbackUrl;
    function attempt(retries) {
      fetch(url, {
        method: "POST", credentials: "omit", cache: "no-store", mode: "cors",
        headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
      }).then(function (response) {
        if (response.status === 404 && retries > 0) {
          setTimeout(function () { attempt(retries - 1); }, 1500);
          return;
        }
        done(response.ok);
      }, function () { done(false); });
    }
    attempt(1);
  };

  Widget.prototype.scrollToEnd = function () {
    this.log.scrollTop = this.log.scrollHeight;
  };

  // ---------------------------------------------------------------------------
  // Bootstrapping
  // ---------------------------------------------------------------------------

  function scriptBaseUrl() {
    if (CURRENT_SCRIPT && CURRENT_SCRIPT.src) return CURRENT_SCRIPT.src.replace(/[^/]*(\?.*)?$/, "");
    return "";
  }

  function loadStylesheet(href) {
    if (!href || document.querySelector('link[data-bcw-css]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.setAttribute("data-bcw-css", "");
    document.head.appendChild(link);
  }

  function readScriptConfig() {
    var raw = CURRENT_SCRIPT && CURRENT_SCRIPT.getAttribute("data-config");
    if (!raw) return {};
    try { return JSON.parse(raw); } catch (e) {
      if (window.console) console.error("[baclofen-chat] data-config is not valid JSON");
      return {};
    }
  }

  var instance = null;

  /** Create the widget (once per page). Returns the instance. */
  function init(options) {
    if (instance) return instance;
    var config = merge({}, DEFAULTS, window.BaclofenChatConfig, readScriptConfig(), options);
    if (!config.socketUrl) config.socketUrl = window.location.origin;
    if (config.feedbackUrl === null || config.feedbackUrl === undefined) {
      var base = scriptBaseUrl();
      config.feedbackUrl = base ? new URL("../feedback", base).href : "";
    }
    loadStylesheet(config.cssUrl || scriptBaseUrl() + "baclofen-chat.css");
    instance = new Widget(config);
    return instance;
  }

  window.BaclofenChat = { init: init, version: VERSION,
    get instance() { return instance; } };

  var preset = merge({}, DEFAULTS, window.BaclofenChatConfig, readScriptConfig());
  if (preset.autoInit) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { init(); });
    } else {
      init();
    }
  }
})();
