// The last pass of the self-assessment in this browser: which text it was
// for (the fingerprint), its version label and the day. Kept apart from the
// progress (storage.js), which is dropped when the text changes: a pass of
// an earlier version is what makes the page offer a re-assessment of what
// changed. Storage that is blocked or broken only means no offer is made.

export class PassRecord {
  /** @param {string} slug the procedure's slug */
  constructor(slug) {
    this.key = `policy-pass:${slug}`;
  }

  /** @returns {{fingerprint: string, version: string, date: string}|null} */
  read() {
    try {
      const data = JSON.parse(window.localStorage.getItem(this.key));
      const fits = data && typeof data.fingerprint === "string" && typeof data.date === "string";
      return fits ? data : null;
    } catch {
      return null;
    }
  }

  /** Remember a pass of the text with ``fingerprint``. */
  write(fingerprint, version) {
    try {
      window.localStorage.setItem(this.key, JSON.stringify({ fingerprint, version, date: new Date().toISOString().slice(0, 10) }));
    } catch {
      // Not saved: the next visit simply offers no re-assessment.
    }
  }
}
