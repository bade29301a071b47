/**
 * The browser, as seen by callbacks that Playwright runs inside the page. The project compiles without the
 * DOM lib (adding it would retype Node's fetch in every file), so in-page code reaches browser globals
 * through this deliberately loose handle: `(globalThis as InPage).document`. It is a type only and is
 * erased from the function Playwright serialises.
 */
// biome-ignore lint/suspicious/noExplicitAny: the DOM is typed by the browser, not by this Node project
export type InPage = any;
