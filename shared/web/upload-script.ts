/**
 * The item page's upload, with JavaScript: the file goes straight to the store (S3 in AWS) through a
 * presigned URL — it never passes through the Lambda — and the form then posts only its upload id,
 * which the server checks (type by content, size) and records. Without JavaScript the form posts the
 * file itself.
 */
export const UPLOAD_JS = `
(function () {
  var TYPES = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' };
  document.querySelectorAll('form[data-direct-upload]').forEach(function (form) {
    form.addEventListener('submit', function (e) {
      var input = form.querySelector('input[type=file]');
      var file = input && input.files && input.files[0];
      if (!file || !window.fetch || form.getAttribute('data-uploading')) return;
      e.preventDefault();
      var status = form.querySelector('[data-upload-status]');
      var say = function (text) { if (status) status.textContent = text; };
      var type = file.type || TYPES[(file.name.split('.').pop() || '').toLowerCase()] || 'application/octet-stream';
      var ask = new FormData();
      ask.append('_csrf', form.querySelector('input[name=_csrf]').value);
      ask.append('name', file.name);
      ask.append('size', String(file.size));
      ask.append('contentType', type);
      say('Đang tải tệp lên…');
      fetch(form.getAttribute('data-direct-upload'), { method: 'POST', body: ask, credentials: 'same-origin' })
        .then(function (r) {
          return r.json().catch(function () { return {}; }).then(function (j) {
            if (!r.ok || !j.url) throw new Error(j.error || 'Không tải tệp lên được');
            return j;
          });
        })
        .then(function (j) {
          return fetch(j.url, { method: 'PUT', body: file, headers: { 'content-type': j.headers['content-type'] } })
            .then(function (r) { if (!r.ok) throw new Error('Kho tệp không nhận tệp (mã ' + r.status + ')'); return j; });
        })
        .then(function (j) {
          form.querySelector('input[name=uploadId]').value = j.uploadId;
          var name = document.createElement('input');
          name.type = 'hidden';
          name.name = 'name';
          name.value = file.name;
          form.appendChild(name);
          input.disabled = true;
          form.setAttribute('data-uploading', '1');
          say('Đang kiểm tra tệp…');
          form.submit();
        })
        .catch(function (err) { say(err.message + '. Hãy thử lại.'); });
    });
  });
})();
`;

/** Styles of the files list and the embedded documents (appended to the app's stylesheet). */
export const FILES_CSS = `
ul.files { list-style: none; padding: 0; margin: 0 0 1rem; }
ul.files li { padding: .5rem 0; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
form.inline { display: inline; margin: 0 0 0 .4rem; }
button.small { padding: .2rem .6rem; min-height: 0; font-size: .9rem; }
.document-preview { background: #e9eaec; padding: .75rem 0; margin: 1rem 0; border-radius: 4px; }
.document-preview > h2 { margin: 0 .75rem .5rem; }
.document-preview article { box-shadow: 0 1px 4px rgba(0,0,0,.25); }
`;
