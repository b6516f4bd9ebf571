// The SCORM package's page opened from a file on this computer (file:), as
// someone may do to look at the package before uploading it. Browsers run no
// module script, worker or download for such a page, so the answer checker
// cannot start; instead of "Loading" for ever, the page says why and what to
// do. A classic script (not a module), so it runs where modules cannot.
(function () {
  "use strict";
  if (location.protocol !== "file:") return;
  var root = document.getElementById("quiz");
  if (!root) return;
  var status = root.querySelector(".engine-status__message");
  root.dataset.engine = "error";
  status.textContent =
    "The answer checker cannot start in a page opened from a file on this computer: browsers do not allow it. " +
    "Upload the package to your learning management system (LMS), or put its unzipped folder on a web server. " +
    "You can still read the questions and the procedure.";
  status.parentElement.classList.add("engine-status--error");
  var connection = root.querySelector(".scorm-connection");
  if (connection) connection.textContent = "This copy is not connected to an LMS, so no result is recorded anywhere.";
})();
