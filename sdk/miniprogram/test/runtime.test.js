"use strict";

// The SDK runs in WeChat's mini-program runtime, whose baseline is ES2017 and which has none of
// Node's modules or globals. Node itself would run newer syntax without a word, so the sources
// are checked here: with comments and strings blanked out, none of the constructs below may appear.

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const SOURCES = ["index.js"].concat(fs.readdirSync(path.join(ROOT, "lib")).filter((f) => f.endsWith(".js")).map((f) => "lib/" + f));

const FORBIDDEN = [
    [/\?\./, "optional chaining (ES2020)"],
    [/\?\?/, "nullish coalescing (ES2020)"],
    [/\.\.\./, "spread or rest (object spread is ES2018; use Object.assign)"],
    [/\.finally\s*\(/, "Promise.prototype.finally (ES2018)"],
    [/\bcatch\s*\{/, "catch without a binding (ES2019)"],
    [/\bfor\s+await\b|\basync\s+function\s*\*|\basync\s*\*/, "async iteration (ES2018)"],
    [/\(\?<[=!]?/, "regex named groups or lookbehind (ES2018)"],
    [/\d_\d/, "numeric separators (ES2021)"],
    [/#[A-Za-z_]/, "private class members (ES2022)"],
    [/\bstatic\s+[A-Za-z_$][\w$]*\s*=/, "static class fields (ES2022)"],
    [/\b(fromEntries|flatMap|flat|matchAll|replaceAll|hasOwn|at|allSettled|any)\s*\(/, "a library function newer than ES2017"],
    [/\b(process|Buffer|globalThis|window|document|TextDecoder|TextEncoder|atob|btoa|fetch|XMLHttpRequest|setImmediate|BigInt)\b/, "a global the mini-program runtime lacks"]
];

/** The source with comments, strings and template literals blanked (regex literals are kept). */
function code(source) {
    return source
        .replace(/\/\*[\s\S]*?\*\//g, " ")
        .replace(/"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`/g, "\"\"")
        .replace(/\/\/[^\n]*/g, " ");
}

for (const file of SOURCES) {
    test(file + " uses nothing newer than ES2017 and nothing of Node", () => {
        const lines = code(fs.readFileSync(path.join(ROOT, file), "utf8")).split("\n");
        const found = [];
        lines.forEach((line, index) => {
            for (const [pattern, what] of FORBIDDEN) {
                if (pattern.test(line)) {
                    found.push(file + ":" + (index + 1) + ": " + what + ": " + line.trim());
                }
            }
        });
        assert.deepEqual(found, []);
    });
}

test("only the SDK's own files are required, and the package has no dependencies", () => {
    for (const file of SOURCES) {
        const source = fs.readFileSync(path.join(ROOT, file), "utf8");
        for (const match of source.matchAll(/\brequire\s*\(\s*(["'`])([^"'`]*)\1\s*\)/g)) {
            assert.match(match[2], /^\.\.?\//, file + " requires " + match[2]);
        }
        assert.doesNotMatch(code(source), /\bimport\s*\(|^\s*import\s|^\s*export\s/m, file + ": CommonJS only");
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.devDependencies, undefined);
    assert.equal(pkg.peerDependencies, undefined);
    assert.equal(pkg.main, "index.js");
    assert.equal(pkg.types, "index.d.ts");
});

test("the checker itself sees what it looks for", () => {
    const offending = code("const a = b?.c; // x?.y\nconst s = \"a?.b\"; x.finally(f); const o = {...p};");
    assert.match(offending, /\?\./);
    assert.match(offending, /\.finally\(/);
    assert.match(offending, /\.\.\./);
    assert.doesNotMatch(code("const s = \"a?.b ... process\"; /* process?.x */"), /\?\.|\.\.\.|process/);
});
