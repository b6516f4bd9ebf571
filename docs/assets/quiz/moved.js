// A page at an address the site used before it became a manual: go on to
// the new address, keeping the #anchor, so shared links to a clause
// (procedure/#clause-1-10-2) still land on that clause. replace(): the old
// address does not stay in the history, so Back does not bounce here again.
const notice = document.querySelector("[data-moved-to]");
if (notice) {
  const target = new URL(notice.dataset.movedTo, window.location.href);
  target.hash = window.location.hash;
  window.location.replace(target.href);
}
