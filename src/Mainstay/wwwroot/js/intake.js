// Live totals on the intake form (progressive enhancement: the server scores on save without it).
(function () {
  function update(section) {
    var items = section.querySelectorAll('ol.items > li');
    var answered = 0, total = 0;
    items.forEach(function (li) {
      var checked = li.querySelector('input[type=radio]:checked');
      if (checked) { answered++; total += parseInt(checked.value, 10); }
    });
    var out = section.querySelector('.live-total');
    if (!out) { return; }
    var simple = section.getAttribute('data-simple-sum') === 'true';
    out.textContent = answered === 0 ? '' :
      (simple ? 'total ' + total + ' · ' : '') + answered + ' of ' + items.length + ' answered';
  }
  document.querySelectorAll('details.instrument').forEach(function (section) {
    update(section);
    section.addEventListener('change', function () { update(section); });
  });
})();
document.querySelectorAll('[data-print]').forEach(function (b) {
  b.addEventListener('click', function () { window.print(); });
});
