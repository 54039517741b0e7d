// Import cycles (docs/ARCHITECTURE.md "Layers": no import cycles), run by `npm run lint:cycles`. Type-only imports count:
// a cycle through `import type` still ties two modules into one unit, and import-x's no-cycle would miss it.
// What each folder may import is checked by ESLint (eslint.config.js).
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Modules form a ladder: split the shared part into a module both import, or let the lower one declare the interface it needs.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    // Keep type-only imports in the graph.
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|bench/results)/' },
  },
};
