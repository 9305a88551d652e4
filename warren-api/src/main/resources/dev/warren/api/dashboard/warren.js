/* Warren dashboard: the one script of Warren's own (served from /ui/static/, CSP script-src 'self': no inline
 * script, no eval). It only adds to pages that already show everything without it:
 *  - live parts: an element with data-live="URL" is refreshed every data-live-every seconds (5): the URL answers
 *    elements with ids, and each replaces the page's element of the same id (unless it is unchanged, holds the
 *    focus, or holds a field someone changed: nothing typed is lost). Polling pauses while the tab is hidden; a 401
 *    (the session ended) reloads the page.
 *  - the traffic chart: canvas[data-traffic] is drawn with Chart.js from that URL's JSON, and redrawn every
 *    data-live-every seconds, and at once when the live part brings new traffic totals (#traffic-totals). */
(function () {
  'use strict';

  var UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

  function bytes(n) {
    var i = 0;
    while (n >= 1024 && i < UNITS.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? n : n.toFixed(1)) + ' ' + UNITS[i];
  }

  function get(url, accept) {
    return fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { Accept: accept } })
      .then(function (r) {
        if (r.status === 401) {
          // the session ended (signed out, expired, user disabled): the page itself leads to the sign-in form
          window.location.reload();
          throw new Error('signed out');
        }
        if (!r.ok) {
          throw new Error(url + ': ' + r.status);
        }
        return accept === 'application/json' ? r.json() : r.text();
      });
  }

  /* Runs task() (a promise) now and then every `seconds`, never two at once, paused while the tab is hidden. */
  function every(seconds, task) {
    var timer = null;
    var running = false;
    function run() {
      timer = null;
      if (document.hidden || running) {
        return;
      }
      running = true;
      task().catch(function () { /* shown again on the next round */ }).then(function () {
        running = false;
        if (!document.hidden) {
          timer = setTimeout(run, seconds * 1000);
        }
      });
    }
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden && timer === null && !running) {
        run();
      }
    });
    timer = setTimeout(run, seconds * 1000);
  }

  function seconds(el, fallback) {
    var n = parseInt(el.getAttribute('data-live-every'), 10);
    return n > 0 ? n : fallback;
  }

  /* Whether a field in `el` holds something else than the page gave it (someone typed or chose). */
  function edited(el) {
    return Array.prototype.some.call(el.querySelectorAll('input, textarea, select'), function (f) {
      if (f.type === 'hidden') {
        return false;
      }
      if (f.tagName === 'SELECT') {
        return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      if (f.type === 'checkbox' || f.type === 'radio') {
        return f.checked !== f.defaultChecked;
      }
      return f.value !== f.defaultValue;
    });
  }

  /* Puts each element of `html` that has an id in place of the page's element of that id; returns their ids. */
  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, 'text/html').body.children;
    var swapped = [];
    Array.prototype.forEach.call(fresh, function (el) {
      var old = el.id ? document.getElementById(el.id) : null;
      if (!old || old.isEqualNode(el)) {
        return;
      }
      var focused = document.activeElement;
      if (focused && focused !== document.body && old.contains(focused)) {
        return; // someone is about to press a button in it: next round
      }
      if (edited(old)) {
        return; // someone typed in it and has not sent it yet: keep it until they do
      }
      old.replaceWith(document.importNode(el, true));
      swapped.push(el.id);
    });
    return swapped;
  }

  function live(region) {
    var rounds = 0;
    every(seconds(region, 5), function () {
      return get(region.getAttribute('data-live'), 'text/html').then(function (html) {
        if (swap(html).indexOf('traffic-totals') >= 0) {
          document.dispatchEvent(new CustomEvent('warren:traffic'));
        }
        region.setAttribute('data-live-rounds', String(++rounds));
      });
    });
  }

  /* The traffic chart: bytes each way (lines, left axis) and sessions opened (bars, right axis) per step. */
  function timeLabel(iso, step) {
    var d = new Date(iso);
    var opts = step >= 86400 ? { month: 'short', day: 'numeric' }
      : step >= 3600 ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
        : { hour: '2-digit', minute: '2-digit' };
    return d.toLocaleString([], opts);
  }

  function chartData(view) {
    var points = view.series.length ? view.series[0].points : [];
    return {
      labels: points.map(function (p) { return timeLabel(p.at, view.step); }),
      datasets: [
        { type: 'line', label: 'Bytes to device', yAxisID: 'bytes', pointRadius: 0, borderWidth: 2,
          borderColor: '#2a6f97', backgroundColor: '#2a6f97',
          data: points.map(function (p) { return p.bytesToDevice; }) },
        { type: 'line', label: 'Bytes from device', yAxisID: 'bytes', pointRadius: 0, borderWidth: 2,
          borderColor: '#e07a1f', backgroundColor: '#e07a1f',
          data: points.map(function (p) { return p.bytesFromDevice; }) },
        { type: 'bar', label: 'Sessions opened', yAxisID: 'sessions', backgroundColor: '#8888',
          data: points.map(function (p) { return p.sessions; }) }
      ]
    };
  }

  function drawTraffic(canvas) {
    return get(canvas.getAttribute('data-traffic'), 'application/json').then(function (view) {
      var data = chartData(view);
      if (canvas.warrenChart) {
        canvas.warrenChart.data = data;
        canvas.warrenChart.update('none');
      } else {
        canvas.warrenChart = new window.Chart(canvas, {
          data: data,
          options: {
            animation: false,
            maintainAspectRatio: false,
            interaction: { mode: 'index', intersect: false },
            plugins: {
              tooltip: { callbacks: { label: function (c) {
                return c.dataset.label + ': ' + (c.dataset.yAxisID === 'bytes' ? bytes(c.parsed.y) : c.parsed.y);
              } } }
            },
            scales: {
              bytes: { type: 'linear', position: 'left', beginAtZero: true, ticks: { callback: bytes } },
              sessions: { type: 'linear', position: 'right', beginAtZero: true, ticks: { precision: 0 },
                grid: { drawOnChartArea: false } }
            }
          }
        });
        canvas.setAttribute('data-drawn', 'true');
      }
      canvas.setAttribute('data-draws', String((parseInt(canvas.getAttribute('data-draws'), 10) || 0) + 1));
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-live]'), live);
    if (typeof window.Chart === 'function') {
      Array.prototype.forEach.call(document.querySelectorAll('canvas[data-traffic]'), function (canvas) {
        drawTraffic(canvas).catch(function () { /* the table below the chart still has the numbers */ });
        every(seconds(canvas, 15), function () { return drawTraffic(canvas); });
        document.addEventListener('warren:traffic', function () {
          drawTraffic(canvas).catch(function () { /* the next round draws it */ });
        });
      });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
