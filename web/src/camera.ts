// The view on the city in Web Mercator, as MapLibre computes it (512-pixel
// tiles). The first-paint picture and the map share one camera, so the
// picture is replaced by the map without a jump.
import type { Bbox } from "./data";

export interface Camera {
  center: [number, number]; // lon, lat
  zoom: number;
}

const TILE = 512;

// Web Mercator in units of the whole world (0..1, y down).
export function mercator(lon: number, lat: number): [number, number] {
  const s = Math.sin((lat * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
}

function inverseMercator(x: number, y: number): [number, number] {
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return [x * 360 - 180, lat];
}

// The largest zoom at which the box fits the viewport inside the padding.
export function fitCamera(box: Bbox, width: number, height: number, padding: number): Camera {
  const [x0, y1] = mercator(box[0], box[1]);
  const [x1, y0] = mercator(box[2], box[3]);
  const scale = Math.min((width - 2 * padding) / Math.max(x1 - x0, 1e-12), (height - 2 * padding) / Math.max(y1 - y0, 1e-12));
  return { center: inverseMercator((x0 + x1) / 2, (y0 + y1) / 2), zoom: Math.log2(scale / TILE) };
}

// Screen pixel (from the viewport's top left) of a place, for that camera.
export function projector(camera: Camera, width: number, height: number): (lon: number, lat: number) => [number, number] {
  const world = TILE * 2 ** camera.zoom;
  const [cx, cy] = mercator(...camera.center);
  return (lon, lat) => {
    const [x, y] = mercator(lon, lat);
    return [(x - cx) * world + width / 2, (y - cy) * world + height / 2];
  };
}
