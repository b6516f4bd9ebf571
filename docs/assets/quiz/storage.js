// Progress kept in localStorage, keyed by the policy's text fingerprint.
// Storage that is blocked, full or corrupt never breaks the page: we fall back
// to memory and say so. Progress saved against another version of the policy
// is dropped, with a notice, because its answers were about other wording.

export class ProgressStore {
  /**
   * @param {string} prefix e.g. "policy-quiz:<slug>"
   * @param {string} version the policy fingerprint
   */
  constructor(prefix, version) {
    this.prefix = prefix;
    this.key = `${prefix}:${version}`;
    this.memory = null;
    this.storage = null;
  }

  /** @returns {{data: object|null, notices: string[]}} */
  open() {
    const notices = [];
    try {
      this.storage = window.localStorage;
      const probe = `${this.prefix}:probe`;
      this.storage.setItem(probe, "1");
      this.storage.removeItem(probe);
    } catch {
      this.storage = null;
      notices.push(
        "This browser is not letting the page save your progress, so your answers will be lost if you leave or reload the page.",
      );
      return { data: null, notices };
    }
    const stale = [];
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i);
      if (key && key.startsWith(`${this.prefix}:`) && key !== this.key) stale.push(key);
    }
    if (stale.length) {
      stale.forEach((key) => this.storage.removeItem(key));
      notices.push(
        "The procedure has changed since you last saved progress here, so your earlier answers were cleared. Please start again.",
      );
    }
    const raw = this.storage.getItem(this.key);
    if (raw === null) return { data: null, notices };
    try {
      const data = JSON.parse(raw);
      if (!data || typeof data !== "object" || !Number.isInteger(data.seed)) throw new Error("bad shape");
      return { data, notices };
    } catch {
      this.storage.removeItem(this.key);
      notices.push("Your saved progress could not be read, so it was cleared. Please start again.");
      return { data: null, notices };
    }
  }

  /** Save; returns a notice string if saving failed (we keep going in memory). */
  save(data) {
    this.memory = data;
    if (!this.storage) return null;
    try {
      this.storage.setItem(this.key, JSON.stringify(data));
      return null;
    } catch {
      this.storage = null;
      return "Your browser's storage is full or blocked, so progress is no longer being saved. Your answers stay on this page until you leave it.";
    }
  }
}
