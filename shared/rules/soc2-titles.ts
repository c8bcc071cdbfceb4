import { SOC2_CONTROLS, type Soc2Criterion } from '#shared/frameworks/soc2';

/**
 * Short titles of the 2017 Trust Services Criteria, for group headings; paraphrased, the AICPA text is
 * the authority. Derived from the SOC 2 framework pack's control list.
 */
export const SOC2_TITLES: Readonly<Record<Soc2Criterion, string>> = Object.fromEntries(
  SOC2_CONTROLS.map((control) => [control.id, control.title]),
) as Record<Soc2Criterion, string>;
