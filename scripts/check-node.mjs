// npm scripts must run on the Node 24 that the `node` devDependency links into
// node_modules/.bin; an install with --ignore-scripts silently falls back to the PATH's Node.
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  console.error(
    `Node ${process.version} is running the npm scripts, but they need Node 24 from the "node" devDependency.\n` +
      "Run `npm rebuild node` (or `npm ci` without --ignore-scripts) and try again.",
  );
  process.exit(1);
}
