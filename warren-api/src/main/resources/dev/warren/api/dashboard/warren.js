/* Warren dashboard: the one script of Warren's own (served from /ui/static/, CSP script-src 'self': no inline
 * script, no eval). It only adds to pages that already show everything without it: the traffic chart (Chart.js). */
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
    if (typeof window.Chart !== 'function') {
      return Promise.resolve();
    }
    return get(canvas.getAttribute('data-traffic'), 'application/json').then(function (view) {
      var data = chartData(view);
      if (canvas.warrenChart) {
        canvas.warrenChart.data = data;
        canvas.warrenChart.update('none');
        return;
      }
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
    });
  }

  function start() {
    var charts = document.querySelectorAll('canvas[data-traffic]');
    Array.prototype.forEach.call(charts, function (canvas) {
      drawTraffic(canvas).catch(function () { /* the table below the chart still has the numbers */ });
    });
  }

  window.warren = { bytes: bytes, get: get, drawTraffic: drawTraffic };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
