// A schematic world map drawn on the server: one tile per UN M49 sub-region, placed roughly where it lies (a
// tile map; no geographic outlines, so no borrowed map data). A tile's shade grows with its contacts; a tile
// without any contact (of the chosen stakeholder group) is outlined in red and says so; each tile also gives
// its contributions. The table beside the map carries the same numbers for readers of text.
import type { Region, Subregion } from "../../geo/countries.js";
import type { PageContext } from "../../ui/page-context.js";

/** Where each sub-region's tile lies on the grid (column, row, width, height in tiles). */
export const TILES: Record<Subregion, { x: number; y: number; w: number; h: number }> = {
  northern_america: { x: 0, y: 0, w: 2, h: 1 },
  latin_america_and_the_caribbean: { x: 0, y: 1, w: 2, h: 2 },
  northern_europe: { x: 3, y: 0, w: 1, h: 1 },
  eastern_europe: { x: 4, y: 0, w: 1, h: 1 },
  western_europe: { x: 3, y: 1, w: 1, h: 1 },
  southern_europe: { x: 4, y: 1, w: 1, h: 1 },
  central_asia: { x: 5, y: 0, w: 1, h: 1 },
  eastern_asia: { x: 6, y: 0, w: 2, h: 1 },
  western_asia: { x: 5, y: 1, w: 1, h: 1 },
  southern_asia: { x: 6, y: 1, w: 1, h: 1 },
  south_eastern_asia: { x: 7, y: 1, w: 1, h: 1 },
  northern_africa: { x: 3, y: 2, w: 2, h: 1 },
  western_africa: { x: 2, y: 3, w: 1, h: 1 },
  middle_africa: { x: 3, y: 3, w: 1, h: 1 },
  eastern_africa: { x: 4, y: 3, w: 1, h: 1 },
  southern_africa: { x: 3, y: 4, w: 2, h: 1 },
  micronesia: { x: 8, y: 1, w: 1, h: 1 },
  melanesia: { x: 7, y: 2, w: 1, h: 1 },
  polynesia: { x: 8, y: 2, w: 1, h: 1 },
  australia_and_new_zealand: { x: 7, y: 3, w: 2, h: 1 },
};

const CELL_W = 104;
const CELL_H = 64;
const GAP = 4;

/** A label cut into at most two lines of `max` characters, the second ending in "…" when it is longer. */
export function labelLines(text: string, max = 16): string[] {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= max || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= 2) return lines.map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
  const second = lines.slice(1).join(" ");
  return [lines[0] as string, `${second.slice(0, max - 1)}…`];
}

/** One sub-region's numbers on the map. */
export interface MapCell {
  subregion: Subregion;
  region: Region;
  contacts: number;
  contributions: number;
}

/** The map: a tile per sub-region, shaded by contacts, red-outlined where there is none. */
export function CoverageMap({ ctx, cells, title }: { ctx: PageContext; cells: MapCell[]; title: string }) {
  const t = ctx.t;
  const max = Math.max(1, ...cells.map((c) => c.contacts));
  const cols = 9;
  const rows = 5;
  const width = cols * (CELL_W + GAP);
  const height = rows * (CELL_H + GAP) + 48;
  return (
    <svg
      class="coverage-map"
      role="img"
      aria-labelledby="coverage-map-title"
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      // The map's geometry is west to east whatever the page's direction.
      dir="ltr"
    >
      <title id="coverage-map-title">{title}</title>
      {cells.map((c) => {
        const tile = TILES[c.subregion];
        const x = tile.x * (CELL_W + GAP);
        const y = tile.y * (CELL_H + GAP);
        const w = tile.w * CELL_W + (tile.w - 1) * GAP;
        const h = tile.h * CELL_H + (tile.h - 1) * GAP;
        const empty = c.contacts === 0;
        // Shades of one blue, light to dark; the text turns white on the darker half.
        const share = c.contacts / max;
        const fill = empty ? "#fff5f5" : `hsl(212, 70%, ${Math.round(88 - share * 50)}%)`;
        const ink = !empty && share > 0.5 ? "#ffffff" : "#1a1a1a";
        const lines = labelLines(t(`geo.subregion.${c.subregion}`), tile.w > 1 ? 28 : 13);
        return (
          <g key={c.subregion} data-subregion={c.subregion}>
            <rect
              x={x}
              y={y}
              width={w}
              height={h}
              rx={6}
              fill={fill}
              stroke={empty ? "#b3261e" : "#5a6b80"}
              stroke-width={empty ? 2.5 : 1}
              stroke-dasharray={empty ? "6 3" : undefined}
            />
            {lines.map((line, i) => (
              <text key={line} x={x + 6} y={y + 16 + i * 14} font-size="12.5" fill={ink}>
                {line}
              </text>
            ))}
            <text x={x + 6} y={y + h - 8} font-size="14" font-weight="bold" fill={empty ? "#b3261e" : ink}>
              {empty
                ? t("contacts.coverage.mapNone", { contributions: c.contributions })
                : t("contacts.coverage.mapCell", { contacts: c.contacts, contributions: c.contributions })}
            </text>
          </g>
        );
      })}
      <rect x={0} y={height - 40} width={14} height={14} fill="hsl(212, 70%, 50%)" />
      <text x={20} y={height - 29} font-size="12" fill="currentColor">
        {t("contacts.coverage.legendContacts")}
      </text>
      <rect
        x={0}
        y={height - 18}
        width={14}
        height={14}
        fill="#fff5f5"
        stroke="#b3261e"
        stroke-width={2}
        stroke-dasharray="4 2"
      />
      <text x={20} y={height - 7} font-size="12" fill="currentColor">
        {t("contacts.coverage.legendNone")}
      </text>
    </svg>
  );
}
