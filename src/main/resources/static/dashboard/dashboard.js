// Draws the dashboard from the JSON the page carries (the same as the stats API): tables first, then charts.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('dashboard-data').textContent);
  var labels = data.labels || {};
  var locale = document.documentElement.lang || 'en';

  function label(key) { return labels[key] || key; }
  function number(value) { return value === null || value === undefined ? '' : value.toLocaleString(locale); }
  function percent(value) {
    return value === null || value === undefined ? '–' : (100 * value).toLocaleString(locale, {maximumFractionDigits: 1}) + ' %';
  }
  function duration(seconds) {
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    return (h ? h + ' h ' : '') + (h || m ? m + ' min ' : '') + s + ' s';
  }
  function cell(row, text, numeric, cls) {
    var td = document.createElement('td');
    td.textContent = text;
    if (numeric) { td.className = 'n'; }
    if (cls) { td.classList.add(cls); }
    row.appendChild(td);
    return td;
  }
  function rows(tableId, items, fill) {
    var body = document.querySelector('#' + tableId + ' tbody');
    if (!body) { return; }
    items.forEach(function (item) {
      var row = document.createElement('tr');
      fill(row, item);
      body.appendChild(row);
    });
    if (!items.length) {
      var row = document.createElement('tr');
      cell(row, label('none')).colSpan = document.querySelectorAll('#' + tableId + ' thead th').length || 1;
      body.appendChild(row);
    }
  }
  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element || typeof echarts === 'undefined') { return; }
    echarts.init(element).setOption(option);
    element.dataset.drawn = 'true';
  }

  if (data.campaigns) {
    rows('campaigns', data.campaigns, function (row, c) {
      var link = document.createElement('a');
      link.href = 'dashboard/campaigns/' + encodeURIComponent(c.campaignId);
      link.textContent = c.name || c.campaignId;
      cell(row, '').appendChild(link);
      cell(row, c.sequence || '');
      cell(row, c.status || '');
      cell(row, number(c.enrolled), true);
      cell(row, number(c.replied), true);
      cell(row, number(c.meetings), true);
    });
  }

  if (data.stats) {
    var stats = data.stats;
    rows('funnel', stats.funnel, function (row, s) {
      row.dataset.stage = s.stage;
      cell(row, label('stage.' + s.stage));
      cell(row, number(s.count), true, 'count');
      cell(row, percent(s.conversion), true);
      cell(row, percent(s.rate), true);
    });
    chart('funnel-chart', {
      tooltip: {}, grid: {left: 150},
      xAxis: {type: 'value'},
      yAxis: {type: 'category', inverse: true, data: stats.funnel.map(function (s) { return label('stage.' + s.stage); })},
      series: [{type: 'bar', data: stats.funnel.map(function (s) { return s.count; }), label: {show: true, position: 'right'}}]
    });

    var stageKeys = stats.daily.length ? Object.keys(stats.daily[0].stages) : [];
    var head = document.querySelector('#daily thead');
    var headRow = document.createElement('tr');
    ['', 'touches'].concat(stageKeys).forEach(function (key, i) {
      var th = document.createElement('th');
      th.textContent = i === 0 ? '' : i === 1 ? label('touches') : label('stage.' + key);
      headRow.appendChild(th);
    });
    head.appendChild(headRow);
    rows('daily', stats.daily, function (row, d) {
      cell(row, d.day);
      cell(row, number(d.touches), true);
      stageKeys.forEach(function (key) { cell(row, number(d.stages[key]), true); });
    });
    chart('daily-chart', {
      tooltip: {trigger: 'axis'}, legend: {type: 'scroll'},
      xAxis: {type: 'category', data: stats.daily.map(function (d) { return d.day; })},
      yAxis: {type: 'value'},
      series: [{name: label('touches'), type: 'line', data: stats.daily.map(function (d) { return d.touches; })}]
        .concat(stageKeys.map(function (key) {
          return {name: label('stage.' + key), type: 'line', data: stats.daily.map(function (d) { return d.stages[key]; })};
        }))
    });

    rows('steps', stats.steps, function (row, s) {
      row.dataset.step = s.activityId;
      cell(row, s.name ? s.name + ' (' + s.activityId + ')' : s.activityId);
      cell(row, s.channel || '');
      [s.touches, s.connects, s.replies, s.meetings, s.unsubscribes, s.bounces].forEach(function (n) { cell(row, number(n), true); });
    });
    chart('steps-chart', {
      tooltip: {trigger: 'axis'}, legend: {},
      xAxis: {type: 'category', data: stats.steps.map(function (s) { return s.name || s.activityId; })},
      yAxis: {type: 'value'},
      series: ['touches', 'connects', 'replies', 'meetings'].map(function (key) {
        return {name: label(key), type: 'bar', data: stats.steps.map(function (s) { return s[key]; })};
      })
    });
  }

  if (data.callers) {
    var template = document.getElementById('caller-head');
    [['callers-today', data.callers.todayFigures], ['callers-range', data.callers.rangeFigures]].forEach(function (pair) {
      document.querySelector('#' + pair[0] + ' thead').appendChild(template.content.cloneNode(true));
      rows(pair[0], pair[1], function (row, c) {
        row.dataset.caller = c.caller;
        cell(row, c.caller);
        cell(row, number(c.calls), true, 'calls');
        cell(row, number(c.connects), true, 'connects');
        cell(row, percent(c.connectRate), true);
        cell(row, duration(c.talkSeconds), true, 'talk');
        cell(row, number(c.meetings), true, 'meetings');
        cell(row, c.meetingsPer100Calls === null ? '–' : number(Math.round(c.meetingsPer100Calls * 10) / 10), true);
      });
    });
    chart('callers-chart', {
      tooltip: {trigger: 'axis'}, legend: {},
      xAxis: {type: 'category', data: data.callers.rangeFigures.map(function (c) { return c.caller; })},
      yAxis: {type: 'value'},
      series: ['calls', 'connects', 'meetings'].map(function (key) {
        return {name: label(key), type: 'bar', data: data.callers.rangeFigures.map(function (c) { return c[key]; })};
      })
    });
  }

  if (data.variants) {
    rows('variants', data.variants.variants, function (row, v) {
      cell(row, v.variant);
      cell(row, number(v.prospects), true);
      cell(row, number(v.replies), true);
      cell(row, number(v.meetings), true);
      cell(row, percent(v.replyRate), true);
      cell(row, percent(v.meetingRate), true);
    });
    var verdict = data.variants.verdict;
    document.getElementById('verdict').textContent = label('verdict.' + verdict.status)
      + (verdict.winner ? ' ' + verdict.winner : '') + ' — ' + verdict.explanation;
    chart('variants-chart', {
      tooltip: {trigger: 'axis'}, legend: {},
      xAxis: {type: 'category', data: data.variants.variants.map(function (v) { return v.variant; })},
      yAxis: {type: 'value', axisLabel: {formatter: function (v) { return (100 * v).toFixed(0) + ' %'; }}},
      series: ['replyRate', 'meetingRate'].map(function (key) {
        return {name: label(key), type: 'bar', data: data.variants.variants.map(function (v) { return v[key]; })};
      })
    });
  }
  document.body.dataset.ready = 'true';
})();
