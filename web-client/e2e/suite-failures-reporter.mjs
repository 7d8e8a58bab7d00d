// A node:test reporter that writes, as JUnit, the failures node 20's own JUnit reporter leaves out: a describe()
// whose before()/after() hook throws (the e2e files check for page errors in after()) is a failed suite in node's
// summary and exit code, yet its <testsuite> says errors="0" failures="0". Each such suite becomes one failing
// <testcase> here, so scripts/count-results.mjs counts it. A suite that failed only because a test in it failed
// (failureType subtestsFailed) is already counted by that test and is left out.
const escape = (text) =>
  String(text).replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]);

export default async function* suiteFailures(source) {
  const cases = [];
  for await (const event of source) {
    if (event.type !== 'test:fail') continue;
    const { name, file, details } = event.data;
    if (details?.type !== 'suite' || details.error?.failureType === 'subtestsFailed') continue;
    const cause = details.error?.cause;
    const message = cause instanceof Error ? cause.message : (cause ?? details.error?.message ?? 'suite failed');
    cases.push(
      `  <testcase name="${escape(name)} (suite)" classname="${escape(file ?? '')}">\n` +
        `    <failure type="${escape(details.error?.failureType ?? 'suite')}" message="${escape(message)}"/>\n` +
        `  </testcase>\n`,
    );
  }
  yield `<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n<testsuite name="suite-level failures" tests="${cases.length}" failures="${cases.length}" errors="0">\n${cases.join('')}</testsuite>\n</testsuites>\n`;
}
