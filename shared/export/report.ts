import { acceptedRisksHtml } from './accepted-risks';
import { frameworksHtml } from './framework-report';
import type {
  AccountSummary,
  ComplianceSummary,
  ControlFigures,
  CriterionSummary,
  SummaryCoverage,
  TimelineDay,
} from './summary';

/** What the report says about where it came from. */
export interface ReportMeta {
  readonly generator: { readonly name: string; readonly version: string };
  readonly generatedAt: string;
  readonly source: string;
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
}

/**
 * The page may load nothing: no scripts, no fonts, no images but inline SVG. A hostile annotation that slips
 * past escaping still cannot run or call out.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Line colours (Okabe-Ito, readable for colour-blind readers); dashes tell lines apart once colours repeat. */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3'];

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0; color: #1b1f24; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.meta { color: #57606a; margin: 0 0 16px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; min-width: 130px; }
.card b { display: block; font-size: 22px; }
.card span { color: #57606a; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid #d8dee4; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bad { color: #b42318; font-weight: 600; }
.good { color: #067647; }
figure { margin: 8px 0 16px; }
figcaption { color: #57606a; font-size: 12px; }
svg text { font: 11px system-ui, sans-serif; fill: #424a53; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 12px; margin: 4px 0; padding: 0; list-style: none; }
.legend li { display: flex; align-items: center; gap: 4px; }
details { margin: 6px 0; }
summary { cursor: pointer; font-weight: 600; }
.note { color: #57606a; font-size: 12px; }
@media print { details { display: block; } details > * { display: block; } }
`;

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** Seconds as "3d 4h", "5h 12m", "42m" or "12s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  const total = Math.round(seconds);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${total}s`;
}

function num(value: number): string {
  return value.toLocaleString('en-US');
}

/** Chart geometry shared by both charts. */
const CHART = { width: 1040, height: 280, left: 48, right: 16, top: 12, bottom: 40 } as const;

/** Room between the y axis and the first day (and after the last), so bars never cross the axis. */
const INSET = 20;

function xOf(index: number, count: number): number {
  const span = CHART.width - CHART.left - CHART.right - 2 * INSET;
  const start = CHART.left + INSET;
  return count <= 1 ? start + span / 2 : start + (span * index) / (count - 1);
}

function yOf(value: number, max: number): number {
  const span = CHART.height - CHART.top - CHART.bottom;
  return CHART.top + span - (max === 0 ? 0 : (span * value) / max);
}

function round(value: number): string {
  return value.toFixed(1);
}

/** Day labels on the x axis: at most about a dozen, evenly spaced. */
function xAxis(days: readonly string[]): string {
  const step = Math.max(1, Math.ceil(days.length / 12));
  const labels = days
    .map((day, index) => ({ day, index }))
    .filter(({ index }) => index % step === 0 || index === days.length - 1)
    .map(
      ({ day, index }) =>
        `<text x="${round(xOf(index, days.length))}" y="${CHART.height - CHART.bottom + 16}" text-anchor="middle">${escapeHtml(day.slice(5))}</text>`,
    );
  const baseline = `<line x1="${CHART.left}" y1="${CHART.height - CHART.bottom}" x2="${CHART.width - CHART.right}" y2="${CHART.height - CHART.bottom}" stroke="#8c959f"/>`;
  return baseline + labels.join('');
}

function yGrid(max: number, ticks: readonly number[], label: (value: number) => string): string {
  return ticks
    .map((tick) => {
      const y = round(yOf(tick, max));
      return `<line x1="${CHART.left}" y1="${y}" x2="${CHART.width - CHART.right}" y2="${y}" stroke="#eaeef2"/><text x="${CHART.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label(tick))}</text>`;
    })
    .join('');
}

/** Daily pass rate of each criterion as a line (gaps where nothing was judged yet), with a point per day. */
function complianceChart(summary: ComplianceSummary): string {
  const { days } = summary;
  const series = summary.criteria.map((criterion, index) => {
    const colour = PALETTE[index % PALETTE.length] ?? '#000000';
    const dash = DASHES[Math.floor(index / PALETTE.length) % DASHES.length] ?? '';
    let path = '';
    let pen = false;
    const points: string[] = [];
    criterion.daily.forEach((day, dayIndex) => {
      if (day.passRate === null) {
        pen = false;
        return;
      }
      const x = round(xOf(dayIndex, days.length));
      const y = round(yOf(day.passRate * 100, 100));
      path += `${pen ? 'L' : 'M'}${x} ${y} `;
      pen = true;
      points.push(
        `<circle class="point" cx="${x}" cy="${y}" r="2.5" fill="${colour}"><title>${escapeHtml(`${criterion.criterion} ${day.day}: ${percent(day.passRate)} (${day.compliant} compliant, ${day.nonCompliant} non-compliant)`)}</title></circle>`,
      );
    });
    const line =
      path === ''
        ? ''
        : `<path class="series" data-criterion="${escapeHtml(criterion.criterion)}" d="${path.trim()}" fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
    return { line: line + points.join(''), colour, dash, criterion: criterion.criterion };
  });
  const legend = series
    .map(
      (entry) =>
        `<li><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke="${entry.colour}" stroke-width="2"${entry.dash ? ` stroke-dasharray="${entry.dash}"` : ''}/></svg>${escapeHtml(entry.criterion)}</li>`,
    )
    .join('');
  return `<figure id="compliance-chart">
<svg role="img" aria-label="Daily pass rate per SOC 2 criterion" viewBox="0 0 ${CHART.width} ${CHART.height}" width="100%">
${yGrid(100, [0, 25, 50, 75, 100], (value) => `${value}%`)}${xAxis(days)}
${series.map((entry) => entry.line).join('\n')}
</svg>
<ul class="legend">${legend}</ul>
<figcaption>Share of evaluated resource–rule pairs whose latest verdict was COMPLIANT at the end of each day (UTC), per criterion.</figcaption>
</figure>`;
}

/** Failures opened (red) and closed (green) per day as bars, and the number open at each day's end as a line. */
function timelineChart(timeline: readonly TimelineDay[]): string {
  const max = Math.max(1, ...timeline.flatMap((day) => [day.opened, day.closed, day.open]));
  const count = timeline.length;
  const slot = (CHART.width - CHART.left - CHART.right) / Math.max(1, count);
  const barWidth = Math.max(1, Math.min(14, slot / 2.5, INSET / 1.5));
  const bars = timeline
    .map((day, index) => {
      const x = xOf(index, count);
      const base = yOf(0, max);
      const opened =
        day.opened === 0
          ? ''
          : `<rect class="bar opened" x="${round(x - barWidth)}" y="${round(yOf(day.opened, max))}" width="${round(barWidth)}" height="${round(base - yOf(day.opened, max))}" fill="#D55E00"><title>${escapeHtml(`${day.day}: ${day.opened} opened`)}</title></rect>`;
      const closed =
        day.closed === 0
          ? ''
          : `<rect class="bar closed" x="${round(x)}" y="${round(yOf(day.closed, max))}" width="${round(barWidth)}" height="${round(base - yOf(day.closed, max))}" fill="#009E73"><title>${escapeHtml(`${day.day}: ${day.closed} closed`)}</title></rect>`;
      return opened + closed;
    })
    .join('');
  const openPath = timeline
    .map((day, index) => `${index === 0 ? 'M' : 'L'}${round(xOf(index, count))} ${round(yOf(day.open, max))}`)
    .join(' ');
  const openPoints = timeline
    .map(
      (day, index) =>
        `<circle class="point" cx="${round(xOf(index, count))}" cy="${round(yOf(day.open, max))}" r="2" fill="#0072B2"><title>${escapeHtml(`${day.day}: ${day.open} open at end of day`)}</title></circle>`,
    )
    .join('');
  const ticks = [0, Math.round(max / 2), max].filter((value, index, all) => all.indexOf(value) === index);
  return `<figure id="timeline-chart">
<svg role="img" aria-label="Failures opened and closed per day, and open at end of day" viewBox="0 0 ${CHART.width} ${CHART.height}" width="100%">
${yGrid(max, ticks, (value) => num(value))}${xAxis(timeline.map((day) => day.day))}
${bars}
${count === 0 ? '' : `<path class="series" d="${openPath}" fill="none" stroke="#0072B2" stroke-width="2"/>`}${openPoints}
</svg>
<ul class="legend"><li><svg width="12" height="10" aria-hidden="true"><rect width="12" height="10" fill="#D55E00"/></svg>opened</li><li><svg width="12" height="10" aria-hidden="true"><rect width="12" height="10" fill="#009E73"/></svg>closed (remediated or no longer applicable)</li><li><svg width="22" height="8" aria-hidden="true"><line x1="0" y1="4" x2="22" y2="4" stroke="#0072B2" stroke-width="2"/></svg>open at end of day</li></ul>
<figcaption>A failure opens with a resource's first NON_COMPLIANT finding for a rule and closes with its next COMPLIANT (or NOT_APPLICABLE) one.</figcaption>
</figure>`;
}

function figureCells(figures: ControlFigures): string {
  const open = figures.openFailuresAtEnd;
  return [
    `<td class="num">${num(figures.resourcesEvaluated)}</td>`,
    `<td class="num">${num(figures.evaluations)}</td>`,
    `<td class="num ${figures.passRate !== null && figures.passRate < 1 ? 'bad' : 'good'}">${percent(figures.passRate)}</td>`,
    `<td class="num">${num(figures.failures)}</td>`,
    `<td class="num">${num(figures.remediated)}</td>`,
    `<td class="num">${formatDuration(figures.timeToRemediate.medianSeconds)}</td>`,
    `<td class="num">${formatDuration(figures.timeToRemediate.maxSeconds)}</td>`,
    `<td class="num${open > 0 ? ' bad' : ''}">${num(open)}</td>`,
  ].join('');
}

const FIGURE_HEADERS =
  '<th class="num">Resources</th><th class="num">Evaluations</th><th class="num">Pass rate</th><th class="num">Failures</th><th class="num">Remediated</th><th class="num">TTR median</th><th class="num">TTR max</th><th class="num">Open at end</th>';

function criteriaTable(criteria: readonly CriterionSummary[]): string {
  const rows = criteria
    .map(
      (criterion) =>
        `<tr><td><a href="#${escapeHtml(anchor(criterion.criterion))}">${escapeHtml(criterion.criterion)}</a></td><td>${escapeHtml(criterion.title)}</td><td class="num">${criterion.rules.length}</td>${figureCells(criterion)}</tr>`,
    )
    .join('\n');
  return `<table id="criteria-table"><thead><tr><th>Criterion</th><th>Title</th><th class="num">Rules</th>${FIGURE_HEADERS}</tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** "every account", "account 1111…", "accounts 1111…, 2222…" for one dimension of the scope. */
function scopeText(values: SummaryCoverage['scope']['accounts'], one: string, many: string): string {
  if (values === 'all') return `every ${one}`;
  return `${values.length === 1 ? one : many} ${values.join(', ')}`;
}

/** Per account: its regions and its figures over every rule; then the digest chains the bundle holds. */
function accountsSection(accounts: readonly AccountSummary[], coverage: SummaryCoverage | undefined): string {
  const rows = accounts
    .map(
      (account) =>
        `<tr><td><code>${escapeHtml(account.accountId)}</code></td><td>${escapeHtml(account.regions.join(', '))}</td>${figureCells(account)}</tr>`,
    )
    .join('\n');
  const table = `<table id="accounts-table"><thead><tr><th>Account</th><th>Regions</th>${FIGURE_HEADERS}</tr></thead><tbody>
${rows}
</tbody></table>`;
  if (coverage === undefined) return table;
  const { scope, chains } = coverage;
  const note = `<p class="meta" id="coverage-scope">Exported for ${escapeHtml(scopeText(scope.accounts, 'account', 'accounts'))} and ${escapeHtml(scopeText(scope.regions, 'region', 'regions'))}: ${chains.length} account–region ${chains.length === 1 ? 'chain' : 'chains'} of hourly digests; manifest.json states the same scope.</p>`;
  const chainRows = chains
    .map(
      (chain) =>
        `<tr><td><code>${escapeHtml(chain.accountId)}</code></td><td>${escapeHtml(chain.region)}</td><td>${escapeHtml(chain.from)}</td><td>${escapeHtml(chain.to)}</td><td class="num">${num(Math.round((Date.parse(chain.to) - Date.parse(chain.from)) / 3_600_000))}</td></tr>`,
    )
    .join('\n');
  return `${note}
${table}
<details id="coverage"><summary>Digest chains in this bundle (${chains.length})</summary>
<table><thead><tr><th>Account</th><th>Region</th><th>First hour</th><th>End</th><th class="num">Hours</th></tr></thead><tbody>
${chainRows}
</tbody></table></details>`;
}

function anchor(criterion: string): string {
  return `criterion-${criterion.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

function ruleTables(criteria: readonly CriterionSummary[]): string {
  return criteria
    .map((criterion) => {
      const rows = criterion.rules
        .map(
          (rule) =>
            `<tr><td><code>${escapeHtml(rule.ruleId)}</code><br>${escapeHtml(rule.title)}</td><td>${escapeHtml(rule.severity)}</td>${figureCells(rule)}</tr>`,
        )
        .join('\n');
      return `<details id="${escapeHtml(anchor(criterion.criterion))}"><summary>${escapeHtml(criterion.criterion)} ${escapeHtml(criterion.title)} (${criterion.rules.length} ${criterion.rules.length === 1 ? 'rule' : 'rules'}, pass rate ${percent(criterion.passRate)})</summary>
<table><thead><tr><th>Rule</th><th>Severity</th>${FIGURE_HEADERS}</tr></thead><tbody>
${rows}
</tbody></table></details>`;
    })
    .join('\n');
}

function openFailuresTable(summary: ComplianceSummary): string {
  if (summary.openFailures.length === 0)
    return '<p id="open-failures">No failure was open at the end of the period.</p>';
  const rows = summary.openFailures
    .map(
      (failure) =>
        `<tr><td>${escapeHtml(failure.since)}</td><td><code>${escapeHtml(failure.ruleId)}</code></td><td>${escapeHtml(failure.severity)}</td><td>${escapeHtml(failure.resourceType)}</td><td>${escapeHtml(failure.resourceName ?? failure.resourceId)}</td><td>${escapeHtml(failure.accountId)} / ${escapeHtml(failure.region)}</td></tr>`,
    )
    .join('\n');
  const cut = summary.openFailuresTruncated
    ? `<p class="note">Only the first ${summary.openFailures.length} of ${num(summary.totals.openFailuresAtEnd)} are listed; summary.json and findings.csv hold all of them.</p>`
    : '';
  return `<table id="open-failures"><thead><tr><th>Failing since</th><th>Rule</th><th>Severity</th><th>Resource type</th><th>Resource</th><th>Account / region</th></tr></thead><tbody>
${rows}
</tbody></table>${cut}`;
}

/** Which key signs manifest.json, and how an auditor pins it; a warning when the bundle is unsigned. */
function signingNote(signing: ComplianceSummary['signing']): string {
  if (signing === undefined) {
    return `<p class="meta bad">manifest.json is not signed: vigil verify does not pass this bundle.</p>`;
  }
  const fingerprint = `sha256:${signing.publicKeyFingerprint}`;
  return `<p class="meta">manifest.json is signed by KMS key ${escapeHtml(signing.keyId)}, public key fingerprint <b>${escapeHtml(fingerprint)}</b>.
Confirm that fingerprint with the account owner, then check this bundle with <code>vigil verify --bundle DIR --key-fingerprint ${escapeHtml(fingerprint)}</code>
(or <code>--kms-key</code> / <code>--public-key</code>).</p>`;
}

/**
 * report.html: a self-contained page (inline CSS and SVG, no script, a CSP that forbids loading anything)
 * with the period's figures, a daily pass-rate chart per criterion, the open/closed failures timeline, and
 * the per-criterion and per-rule tables.
 */
export function renderReportHtml(summary: ComplianceSummary, meta: ReportMeta): string {
  const { totals } = summary;
  const lastDay = summary.days[summary.days.length - 1] ?? summary.period.to.slice(0, 10);
  const title = `SOC 2 evidence report ${summary.days[0] ?? ''} to ${lastDay}`;
  const cards = [
    ['Findings', num(totals.findings)],
    ['Resources evaluated', num(totals.resourcesEvaluated)],
    ['Rules', num(totals.rules)],
    ['Pass rate', percent(totals.passRate)],
    ['Failures opened', num(totals.failures)],
    ['Remediated', num(totals.remediated)],
    ['Median time to remediate', formatDuration(totals.timeToRemediate.medianSeconds)],
    ['Open at period start', num(summary.openFailuresAtStart)],
    ['Open at period end', num(totals.openFailuresAtEnd)],
  ]
    .map(
      ([label, value]) =>
        `<div class="card"><b>${escapeHtml(value ?? '')}</b><span>${escapeHtml(label ?? '')}</span></div>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${meta.generator.name} ${meta.generator.version}`)}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p class="meta">Period ${escapeHtml(summary.period.from)} to ${escapeHtml(summary.period.to)} (end exclusive, by configuration capture time) ·
accounts ${escapeHtml(meta.accounts.join(', ') || '–')} · regions ${escapeHtml(meta.regions.join(', ') || '–')}<br>
Generated ${escapeHtml(meta.generatedAt)} by ${escapeHtml(meta.generator.name)} ${escapeHtml(meta.generator.version)} from ${escapeHtml(meta.source)}.
Every figure is computed from findings.jsonl in this bundle; manifest.json holds the SHA-256 of each file.</p>
${signingNote(summary.signing)}
<div class="cards">${cards}</div>
<h2>Compliance over time</h2>
${complianceChart(summary)}
<h2>Failures opened and closed</h2>
${timelineChart(summary.timeline)}
<h2>By SOC 2 criterion</h2>
${criteriaTable(summary.criteria)}
${frameworksHtml(summary.frameworks)}
<h2>By account</h2>
${accountsSection(summary.accounts, summary.coverage)}
<h2>By rule</h2>
${ruleTables(summary.criteria)}
<h2>Open at the end of the period</h2>
${openFailuresTable(summary)}
${acceptedRisksHtml(summary.acceptedRisks)}
<p class="note">Pass rate: COMPLIANT / (COMPLIANT + NON_COMPLIANT) evaluations in the period. Time to remediate (TTR): from a failure's
first NON_COMPLIANT finding to the next COMPLIANT finding of the same resource and rule, by capture time. Failures already open when the
period began are known only from the look-back days read before it (lookbackDays in manifest.json); their time to remediate counts
from their real start.</p>
</main>
</body>
</html>
`;
}
