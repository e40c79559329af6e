/**
 * Loaded into Prism's process (`node --require`) by `contractgen mock`; plain CommonJS, never
 * bundled, because Prism's node runs it before Prism itself.
 *
 * 1. Prism dies with contractgen. Its stdin is a pipe whose other end only contractgen holds: when
 *    contractgen is gone, however it ended (SIGKILL included), the pipe reads end-of-file, and Prism
 *    removes its temporary spec folder and exits. Stopped by a signal, it removes the folder too.
 * 2. A spec's `pattern` runs in linear time. Prism validates requests and responses with ajv, whose
 *    patterns are JavaScript regexes: `^(a+)+$` against 30 characters holds the event loop for
 *    seconds and every other request waits. Every ajv that Prism creates gets RE2 (re2js) as its
 *    regex engine instead; a pattern RE2 cannot express (a backreference, a lookaround) is not
 *    checked (contractgen warned about it when it started Prism).
 */
"use strict";
const { rmSync } = require("node:fs");
const Module = require("node:module");

const folder = process.env.CONTRACTGEN_MOCK_DIR;
if (folder !== undefined) {
  const remove = () => rmSync(folder, { recursive: true, force: true });
  const gone = () => {
    remove();
    process.exit(0);
  };
  process.stdin.on("end", gone);
  process.stdin.on("error", gone);
  process.stdin.resume();
  // However Prism exits first (its output pipes broken with contractgen gone, a crash), the folder goes.
  process.on("exit", remove);
  // Stopped by a signal (contractgen's stop, a Ctrl-C to the whole process group): the folder goes
  // too, and Prism still ends by that signal, as contractgen expects.
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      remove();
      process.kill(process.pid, signal);
    });
  }
}

const { RE2JS } = require("re2js");

/** ajv's `code.regExp`: (pattern, flags) -> an object with test(). */
function re2(pattern) {
  let compiled;
  try {
    compiled = RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch {
    return { test: () => true };
  }
  return { test: (text) => compiled.matcher(String(text)).find() };
}
// Only read when ajv writes standalone code, which Prism does not.
re2.code = 'require("re2js").RE2JS.compile';

const LINEAR = Symbol.for("contractgen.linearPatterns");

function linear(Ajv) {
  if (typeof Ajv !== "function" || Ajv[LINEAR]) return Ajv;
  class LinearAjv extends Ajv {
    constructor(options = {}) {
      super({ ...options, code: { ...options.code, regExp: re2 } });
    }
  }
  LinearAjv[LINEAR] = true;
  return LinearAjv;
}

const AJV = /^ajv(?:\/dist\/(?:2019|2020|jtd))?(?:\.js)?$/;
const load = Module._load;
Module._load = function (request, ...rest) {
  const exported = load.call(this, request, ...rest);
  if (AJV.test(request) && exported && typeof exported.default === "function" && !exported.default[LINEAR]) {
    exported.default = linear(exported.default);
  }
  return exported;
};
