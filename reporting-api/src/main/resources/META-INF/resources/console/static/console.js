// Northstar console: the little script the pages need (charts, autosubmit, copy as Markdown, the targets grid).
// Loaded as a file from the same origin: the Content-Security-Policy allows no inline script.
(function () {
  'use strict';
  var lang = document.body.getAttribute('data-lang') || 'ja';

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }

  // selects that change the page's period, grain or KPI submit their form
  each('select.autosubmit', function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });

  function formatter(unit, compact) {
    var locale = lang === 'ja' ? 'ja-JP' : 'en-US';
    var nf = new Intl.NumberFormat(locale, compact ? { notation: 'compact', maximumFractionDigits: 1 }
      : { maximumFractionDigits: 1 });
    if (unit === 'rate') {
      return function (v) { return v == null ? '—' : nf.format(v * 100) + '%'; };
    }
    return function (v) { return v == null ? '—' : nf.format(v); };
  }

  function drawChart(el) {
    var spec;
    try {
      spec = JSON.parse(el.getAttribute('data-series'));
    } catch (e) {
      el.setAttribute('data-points', '0');
      return;
    }
    var points = 0;
    spec.series.forEach(function (s) { s.data.forEach(function (v) { if (v !== null) { points++; } }); });
    if (typeof echarts === 'undefined') {
      return;
    }
    var fmt = formatter(spec.unit);
    var stacked = spec.type === 'stacked';
    var chart = echarts.init(el, null, { renderer: 'svg' });
    var option = {
      animation: false,
      grid: { left: 56, right: 16, top: stacked ? 36 : 16, bottom: 28 },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      xAxis: { type: 'category', data: spec.labels, axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', axisLabel: { formatter: formatter(spec.unit, true) }, scale: spec.type === 'line' },
      series: spec.series.map(function (s) {
        return {
          name: s.name,
          type: spec.type === 'line' ? 'line' : 'bar',
          stack: stacked ? 'tags' : undefined,
          data: s.data,
          connectNulls: false,
          showSymbol: true
        };
      })
    };
    if (stacked) {
      option.legend = { top: 0, type: 'scroll' };
    }
    chart.on('finished', function () { el.setAttribute('data-points', String(points)); });
    chart.setOption(option);
    window.addEventListener('resize', function () { chart.resize(); });
    window.addEventListener('beforeprint', function () { chart.resize(); });
  }

  each('.chart[data-series]', drawChart);

  // the strategy brief and the pilot report: print; the brief: copy as Markdown
  each('#print-brief, #print-pilot', function (button) {
    button.addEventListener('click', function () { window.print(); });
  });
  var copy = document.getElementById('copy-markdown');
  if (copy) {
    copy.addEventListener('click', function () {
      var status = document.getElementById('copy-status');
      fetch(copy.getAttribute('data-markdown'), { credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (md) {
          var done = function () { status.textContent = lang === 'ja' ? 'コピーしました' : 'Copied'; status.setAttribute('data-copied', String(md.length)); };
          if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(md).then(done, function () { fallbackCopy(md); done(); });
          }
          fallbackCopy(md);
          done();
        })
        .catch(function () { status.textContent = lang === 'ja' ? 'コピーできませんでした' : 'Could not copy'; });
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  // the targets grid: send the changed cells, mark the ones refused
  var save = document.getElementById('save-targets');
  if (save) {
    save.addEventListener('click', function () {
      var status = document.getElementById('save-status');
      var inputs = Array.prototype.slice.call(document.querySelectorAll('#targets input[data-kpi]'));
      var changed = inputs.filter(function (i) { return i.value.trim() !== (i.getAttribute('data-saved') || ''); });
      inputs.forEach(function (i) { i.classList.remove('invalid'); i.removeAttribute('title'); });
      var entries = changed.map(function (i) {
        var v = i.value.trim();
        return { kpi: i.getAttribute('data-kpi'), period: i.getAttribute('data-period'), target: v === '' ? null : v };
      });
      status.textContent = '';
      status.removeAttribute('data-state');
      fetch(save.getAttribute('data-url'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': save.getAttribute('data-csrf') },
        body: JSON.stringify({ grain: save.getAttribute('data-grain'), entries: entries })
      }).then(function (r) {
        if (r.ok) {
          changed.forEach(function (i) { i.setAttribute('data-saved', i.value.trim()); });
          status.textContent = status.getAttribute('data-saved') + ' (' + entries.length + ')';
          status.setAttribute('data-state', 'saved');
          return;
        }
        return r.json().then(function (problem) {
          (problem.errors || []).forEach(function (e) {
            var m = /^\/entries\/(\d+)/.exec(e.pointer || '');
            if (m && changed[+m[1]]) {
              changed[+m[1]].classList.add('invalid');
              changed[+m[1]].setAttribute('title', e.message || '');
            }
          });
          status.textContent = status.getAttribute('data-failed');
          status.setAttribute('data-state', 'failed');
        });
      }).catch(function () {
        status.textContent = status.getAttribute('data-failed');
        status.setAttribute('data-state', 'failed');
      });
    });
  }
}());
