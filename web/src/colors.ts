// Colours: light = healthy, dark = most health to gain. Viridis, reversed,
// is readable with every common form of colour blindness and in greyscale.
const VIRIDIS = ["#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e", "#31688e", "#3e4989", "#482878", "#440154"];

export type Rgba = [number, number, number, number];

export function hexToRgba(hex: string, alpha = 255): Rgba {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

// The colour of score k on a scale 0..max: max + 1 evenly spaced steps of the palette.
export function scoreColor(k: number, max: number): string {
  if (max <= 0) return VIRIDIS[0];
  const i = Math.round((k / max) * (VIRIDIS.length - 1));
  return VIRIDIS[Math.min(VIRIDIS.length - 1, Math.max(0, i))];
}

export const NO_DATA = "#c8c8c8"; // incomplete or suppressed: grey, never a score colour
export const FLAGGED = VIRIDIS[VIRIDIS.length - 2];
export const NOT_FLAGGED = VIRIDIS[1];
