import { LabIcon } from '@jupyterlab/ui-components';

// Inlined so the bundle needs no SVG loader; `jp-icon3` lets the theme colour it.
const shieldSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16">
  <path class="jp-icon3" fill="#616161" d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4zm-1.2 15.2-4-4 1.4-1.4 2.6 2.6 5.6-5.6 1.4 1.4-7 7z"/>
</svg>`;

/** The seccheck icon: launcher card, side panel tab and palette entries. */
export const shieldIcon = new LabIcon({
  name: 'seccheck:shield',
  svgstr: shieldSvg
});
