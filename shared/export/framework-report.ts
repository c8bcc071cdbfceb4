import type { FrameworkSummary } from './framework-summary';

function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** An id usable in an HTML id attribute. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-');
}

/**
 * The report's section for one framework: how many controls the bundle's rules serve, then every control
 * with its rules and figures, or marked as left to manual evidence.
 */
export function frameworkSectionHtml(summary: FrameworkSummary): string {
  const id = `framework-${slug(summary.framework)}`;
  const rows = summary.controls
    .map((control) => {
      const { figures } = control;
      const cells =
        figures === undefined
          ? '<td class="num">–</td><td class="num">–</td><td class="num">–</td><td class="num">–</td><td class="num">–</td>'
          : [
              `<td class="num">${figures.evaluations}</td>`,
              `<td class="num ${figures.passRate !== null && figures.passRate < 1 ? 'bad' : 'good'}">${percent(figures.passRate)}</td>`,
              `<td class="num">${figures.failures}</td>`,
              `<td class="num${figures.openFailuresAtEnd > 0 ? ' bad' : ''}">${figures.openFailuresAtEnd}</td>`,
              `<td class="num">${figures.accepted}</td>`,
            ].join('');
      const rules = control.rules.map((rule) => `<code>${htmlText(rule)}</code>`).join(' ');
      return `<tr class="${control.evidence}"><td>${htmlText(control.id)}</td><td>${htmlText(control.title)}</td><td>${control.evidence === 'automated' ? 'automated' : 'manual evidence'}</td><td>${rules || '–'}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<h2 id="${id}">${htmlText(summary.title)} ${htmlText(summary.version)} (${htmlText(summary.versionedId)})</h2>
<p class="meta" id="${id}-coverage">${summary.automated} of ${summary.total} controls have automated rules with findings in this bundle; ${summary.manual} ${summary.manual === 1 ? 'is' : 'are'} left to manual evidence.</p>
<table id="${id}-table"><thead><tr><th>Control</th><th>Title</th><th>Evidence</th><th>Rules</th><th class="num">Evaluations</th><th class="num">Pass rate</th><th class="num">Failures</th><th class="num">Open at end</th><th class="num">Accepted</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/** The sections of every framework the export was asked for, with a note on how findings were mapped. */
export function frameworksHtml(frameworks: readonly FrameworkSummary[] | undefined): string {
  if (frameworks === undefined || frameworks.length === 0) return '';
  return `${frameworks.map(frameworkSectionHtml).join('\n')}
<p class="note">Findings are mapped to each framework's controls when the bundle is exported, by rule, with the framework pack named by its
versioned id (manifest.json frameworks); the findings themselves carry SOC 2 criteria only. A control is automated when a rule with findings
in the bundle serves it, otherwise it is left to manual evidence. Accepted: resource–rule pairs whose newest verdict is a failure covered by a
risk acceptance (counted among the failures too).</p>`;
}
