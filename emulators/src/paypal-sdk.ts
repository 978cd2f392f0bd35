// The emulated PayPal JS SDK served at /sdk/js. It implements just enough of
// `paypal.Buttons({createOrder, onApprove, onCancel, onError, onInit, onClick}).render(target)` for
// @paypal/react-paypal-js: the global is named by the script's data-namespace attribute, and a
// click opens the approve page (`?sdk=1`) in a popup that reports the decision via postMessage.
// DOM is built with createElement/textContent only.

/** Browser source of the SDK (ES5, no dependencies). */
export const SDK_SCRIPT = `(function () {
  "use strict";
  var script = document.currentScript;
  var ns = (script && script.getAttribute("data-namespace")) || "paypal";
  var origin = script ? new URL(script.src).origin : location.origin;
  // Like PayPal's SDK: the tags it adds to the merchant page carry the nonce given as data-csp-nonce,
  // so a page whose CSP allows no inline style still shows styled buttons.
  var nonce = script ? script.getAttribute("data-csp-nonce") : null;
  var CSS = ".paypal-emulator-button{width:100%;min-height:40px;border:0;border-radius:4px;background:#ffc439;color:#003087;font:bold 16px sans-serif;cursor:pointer}";
  var POLL_MS = 300, MAX_POLLS = 2000; // a popup left open is given up after ~10 minutes

  function toError(e) { return e instanceof Error ? e : new Error(String(e)); }
  function closePopup(popup) { try { popup.close(); } catch (e) {} }

  function Buttons(props) {
    props = props || {};
    var container = null, root = null, enabled = true, busy = false, restartRequested = false;
    var actions = {
      // As with PayPal: onApprove returns actions.restart() after INSTRUMENT_DECLINED, and the
      // still-open popup goes back to the approve page of the same order to pick another funding source.
      restart: function () { restartRequested = true; return Promise.resolve(); },
      enable: function () { enabled = true; if (root) root.disabled = false; return Promise.resolve(); },
      disable: function () { enabled = false; if (root) root.disabled = true; return Promise.resolve(); },
      order: {
        capture: function () { return Promise.reject(new Error("actions.order.capture is not emulated; capture on your server")); },
        get: function () { return Promise.reject(new Error("actions.order.get is not emulated")); }
      },
      redirect: function (url) { location.assign(url); }
    };

    function fail(err) {
      busy = false;
      if (typeof props.onError === "function") props.onError(toError(err));
      else if (window.console) console.error(err);
    }

    function watch(popup, orderID) {
      var done = false, polls = 0;
      function finish() { done = true; busy = false; window.removeEventListener("message", onMessage); }
      function onMessage(ev) {
        if (ev.origin !== origin || !ev.data || ev.data.source !== "paypal-emulator" || ev.data.orderID !== orderID) return;
        finish();
        if (ev.data.decision === "approve") {
          var data = { orderID: orderID, payerID: ev.data.payerID, paymentID: null, billingToken: null, facilitatorAccessToken: "emulator", paymentSource: "paypal" };
          restartRequested = false;
          busy = true;
          Promise.resolve()
            .then(function () { return typeof props.onApprove === "function" ? props.onApprove(data, actions) : undefined; })
            .then(function () {
              if (restartRequested && !popup.closed) {
                popup.location.href = origin + "/checkoutnow?sdk=1&token=" + encodeURIComponent(orderID);
                watch(popup, orderID);
                return;
              }
              busy = false;
              closePopup(popup);
            })
            .catch(function (err) { closePopup(popup); fail(err); });
        } else if (typeof props.onCancel === "function") {
          props.onCancel({ orderID: orderID }, actions);
        }
      }
      window.addEventListener("message", onMessage);
      (function poll() {
        if (done) return;
        if (popup.closed || ++polls > MAX_POLLS) {
          // Closed without a decision (or abandoned): PayPal reports that as a cancel.
          setTimeout(function () {
            if (done) return;
            finish();
            if (typeof props.onCancel === "function") props.onCancel({ orderID: orderID }, actions);
          }, POLL_MS);
          return;
        }
        setTimeout(poll, POLL_MS);
      })();
    }

    function onClick() {
      if (!enabled || busy) return;
      busy = true;
      // Open synchronously inside the click so popup blockers allow it, then navigate it.
      var popup = window.open("about:blank", "paypal-emulator-checkout", "width=480,height=640");
      if (!popup) { fail(new Error("Popup blocked: allow popups to pay with PayPal")); return; }
      Promise.resolve()
        .then(function () { return typeof props.onClick === "function" ? props.onClick({ fundingSource: "paypal" }, actions) : undefined; })
        .then(function (ok) {
          if (ok === false) throw new Error("onClick rejected");
          if (typeof props.createOrder !== "function") throw new Error("createOrder is required");
          return props.createOrder({ paymentSource: "paypal" }, actions);
        })
        .then(function (orderID) {
          if (typeof orderID !== "string" || orderID === "") throw new Error("Expected an order id to be passed");
          popup.location.href = origin + "/checkoutnow?sdk=1&token=" + encodeURIComponent(orderID);
          watch(popup, orderID);
        })
        .catch(function (err) {
          try { popup.close(); } catch (e) {}
          if (err && err.message === "onClick rejected") { busy = false; return; }
          fail(err);
        });
    }

    return {
      isEligible: function () { return true; },
      render: function (target) {
        container = typeof target === "string" ? document.querySelector(target) : target;
        if (!container) return Promise.reject(new Error("Document is ready and element " + target + " does not exist"));
        root = document.createElement("button");
        root.type = "button";
        root.className = "paypal-button paypal-emulator-button";
        root.setAttribute("data-funding-source", "paypal");
        root.textContent = (props.style && props.style.label === "pay") ? "Pay with PayPal" : "PayPal";
        root.addEventListener("click", onClick);
        var style = document.createElement("style");
        if (nonce) style.setAttribute("nonce", nonce);
        style.textContent = CSS;
        container.appendChild(style);
        container.appendChild(root);
        if (typeof props.onInit === "function") props.onInit({}, actions);
        return Promise.resolve();
      },
      close: function () {
        if (root && root.parentNode) root.parentNode.removeChild(root);
        if (container) Array.prototype.forEach.call(container.querySelectorAll("style"), function (el) { el.parentNode.removeChild(el); });
        root = null;
        return Promise.resolve();
      },
      updateProps: function (next) { for (var k in next) props[k] = next[k]; return Promise.resolve(); },
      hasReturned: function () { return false; },
      resume: function () {}
    };
  }

  // Marks and Messages render static text, so pages using PayPalMarks / PayPalMessages still load.
  function textComponent(text) {
    return function () {
      return {
        isEligible: function () { return true; },
        render: function (target) {
          var el = typeof target === "string" ? document.querySelector(target) : target;
          if (!el) return Promise.reject(new Error("Document is ready and element " + target + " does not exist"));
          var span = document.createElement("span");
          span.className = "paypal-emulator-text";
          span.textContent = text;
          el.appendChild(span);
          return Promise.resolve();
        },
        close: function () { return Promise.resolve(); },
        updateProps: function () { return Promise.resolve(); }
      };
    };
  }

  var FUNDING = { PAYPAL: "paypal", VENMO: "venmo", PAYLATER: "paylater", CARD: "card", CREDIT: "credit" };
  window[ns] = {
    version: "5.0.0-emulator",
    FUNDING: FUNDING,
    Buttons: Buttons,
    Marks: textComponent("PayPal"),
    Messages: textComponent(""),
    getFundingSources: function () { return [FUNDING.PAYPAL]; },
    isFundingEligible: function (source) { return source === FUNDING.PAYPAL; }
  };
})();
`;
