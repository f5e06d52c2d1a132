// `npm run lint:imports`: the import boundaries of CODE_STYLE.md, checked by dependency-cruiser.
// Places that broke a rule before it was enforced are listed in .dependency-cruiser-known-violations.json
// (regenerate with `npm run lint:baseline` only when the list shrinks); anything new fails the build.
const domains = "(forums|calls|contributions|meetings|auth|audit|mail|analysis|reading|documents|contacts|campaigns|privacy)";
const handler = "(routes|pages)\\.tsx?$";
const testCode = "(\\.test\\.tsx?$|^src/test-support/|fixtures\\.tsx?$|/test-support\\.ts$)";

module.exports = {
  forbidden: [
    {
      name: "domain-entry",
      comment:
        "A domain is reached from outside only through its index.ts (its exported services, policies and types); its other files are its own business.",
      severity: "error",
      from: { path: "^src/([^/]+)/", pathNot: testCode },
      // The message catalogues are shared data: ui/i18n reads every folder's, and types its keys from the English ones.
      to: {
        path: `^src/${domains}/`,
        pathNot: ["^src/$1/", `^src/${domains}/index\\.tsx?$`, `^src/${domains}/messages/[a-z]+\\.json$`],
      },
    },
    {
      name: "handlers-no-kysely",
      comment: "Routes and pages call a service; only queries modules build SQL.",
      severity: "error",
      from: { path: handler },
      to: { path: "node_modules/kysely/" },
    },
    {
      name: "handlers-no-queries",
      comment: "Routes and pages call a service, never the queries module directly.",
      severity: "error",
      from: { path: handler },
      to: { path: "queries\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "production-no-test-code",
      comment: "Code that ships never imports tests, fixtures or test support.",
      severity: "error",
      from: { path: "^src/", pathNot: testCode },
      to: { path: testCode },
    },
    {
      name: "no-circular-domains",
      comment: "Domains form a layered graph: no cycle through another domain.",
      severity: "error",
      from: { path: `^src/${domains}/` },
      // Type-only imports vanish at run time, so they cannot make a module load before its imports are ready.
      to: { circular: true, viaOnly: { path: `^src/${domains}/` }, dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|\\.tmp)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
