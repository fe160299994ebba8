// Keyboard-first console: digits record outcomes, n/q move on, c dials. Nothing here is needed to use the page.
(function () {
  const form = document.getElementById('outcome-form');
  const typing = (element) => element && ['TEXTAREA', 'INPUT', 'SELECT'].includes(element.tagName);

  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(document.activeElement)) {
      return;
    }
    if (form) {
      const button = form.querySelector('button[data-key="' + event.key + '"]');
      if (button) {
        event.preventDefault();
        const needsDate = ['CALL_BACK', 'MEETING_BOOKED'].includes(button.value);
        const at = document.getElementById('at');
        if (needsDate && at && !at.value) {
          at.focus();
          at.dataset.pending = button.value;
          return;
        }
        button.click();
        return;
      }
    }
    if (event.key === 'q') {
      window.location.href = '/console';
    } else if (event.key === 'c') {
      const dial = document.getElementById('dial');
      if (dial) { dial.click(); }
    } else if (event.key === 'n') {
      const start = document.getElementById('start') || document.querySelector('.task');
      if (start) { start.click(); }
    }
  });

  // after typing the date of a call-back or meeting, Enter records the outcome the key asked for
  const at = document.getElementById('at');
  if (at) {
    at.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && at.dataset.pending) {
        event.preventDefault();
        document.getElementById('outcome-' + at.dataset.pending).click();
      }
    });
  }

  const dial = document.getElementById('dial');
  if (dial) {
    dial.addEventListener('click', async () => {
      const token = document.querySelector('meta[name="_csrf"]').content;
      const header = document.querySelector('meta[name="_csrf_header"]').content;
      const response = await fetch('/console/tasks/' + document.body.dataset.task + '/dial',
        { method: 'POST', headers: { [header]: token } });
      const result = await response.json();
      document.getElementById('dial-message').textContent = result.message || '';
      if (result.mode === 'MANUAL' && result.telUri) {
        window.location.href = result.telUri;
      }
    });
  }

  const copy = document.getElementById('copy');
  if (copy) {
    copy.addEventListener('click', async () => {
      await navigator.clipboard.writeText(document.getElementById('message').textContent);
      copy.textContent = copy.dataset.copied;
    });
  }
})();
