// Copy buttons: <button data-copy="INPUT_ID">. Served from Rowgate itself (CSP script-src 'self').
document.querySelectorAll('[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    var input = document.getElementById(button.getAttribute('data-copy'));
    input.select();
    (navigator.clipboard ? navigator.clipboard.writeText(input.value) : Promise.resolve(document.execCommand('copy')))
      .then(function () { button.textContent = 'Copied'; });
  });
});
