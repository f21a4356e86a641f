// Keeps a part of a page up to date by polling a same-origin JSON URL (no reload, no meta refresh).
//
// Markup, on the region to update (it should be an aria-live="polite" region, so that screen
// readers announce the change once, without moving the reader):
//   data-poll-url="/path/status?…"   the JSON to poll (same origin; sent with the page's cookies)
//   data-poll-interval="3000"        milliseconds between polls (at least 1000)
//   data-poll-until="settled"        stop once this field of the JSON is true
//   data-poll-state                  set to the JSON's `state` (for styles and tests)
// Inside the page:
//   data-poll-field="name"           its text becomes the JSON's `name` (text only, never HTML)
//   data-poll-show="a b"             shown when the JSON's `state` is one of the listed words
// A 404 or a network error stops polling quietly: the page keeps its plain "check again" link.
(function () {
  'use strict';

  function apply(data) {
    document.querySelectorAll('[data-poll-field]').forEach(function (el) {
      var value = data[el.getAttribute('data-poll-field')];
      if (value !== undefined && value !== null && el.textContent !== String(value)) {
        el.textContent = String(value);
      }
    });
    if (typeof data.state === 'string') {
      document.querySelectorAll('[data-poll-show]').forEach(function (el) {
        el.hidden = el.getAttribute('data-poll-show').split(/\s+/).indexOf(data.state) === -1;
      });
    }
  }

  function poll(region) {
    var url = region.getAttribute('data-poll-url');
    var interval = Math.max(1000, Number(region.getAttribute('data-poll-interval')) || 3000);
    var until = region.getAttribute('data-poll-until');
    var failures = 0;

    function next() {
      window.setTimeout(tick, interval);
    }

    function tick() {
      fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' })
        .then(function (res) {
          if (res.status === 404) return null;
          if (!res.ok) throw new Error('status ' + res.status);
          return res.json();
        })
        .then(function (data) {
          if (!data) return;
          failures = 0;
          apply(data);
          if (typeof data.state === 'string') region.setAttribute('data-poll-state', data.state);
          if (!until || !data[until]) next();
        })
        .catch(function () {
          // A blip (the server restarting, the phone between networks): try a few more times.
          failures += 1;
          if (failures < 5) next();
        });
    }

    next();
  }

  function start() {
    document.querySelectorAll('[data-poll-url]').forEach(poll);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
