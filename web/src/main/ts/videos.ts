// Recordings of a channel as get_video_list answers them (spec 6.2), in either of its shapes (API-NOTES
// "get_video_list": data.videos[] with start/end, or data[] with start_time/end_time).
import { data, query } from './api';
import { parseWire, wire } from './zone';
import type { Range } from './timeline';

export interface Video {
  id: string;
  name: string;
  start: number;
  end: number;
  size: number;
  duration: number;
}

interface WireVideo {
  video_id?: string;
  videoid?: string;
  name?: string;
  start?: string;
  end?: string;
  start_time?: string;
  end_time?: string;
  size?: number;
  duration?: number;
  durtion?: number;
}

/** The most videos the page lists for one day: 10 pages of the node's largest page. */
const MAX_PAGES = 10;
const PAGE_SIZE = 100;
/** Videos closer than this are drawn as one range: a cut at a segment boundary is no gap. */
const JOIN_MS = 2000;

export async function videosOfDay(deviceId: string, channelId: number, from: number, to: number,
  zone: string): Promise<Video[]> {
  const out: Video[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await data<{ videos?: WireVideo[] } | WireVideo[]>('/ipc/video/vod/get_video_list?' + query({
      device_id: deviceId, channel_id: channelId, start_time: wire(from, zone), end_time: wire(to - 1, zone),
      page_start: page, page_size: PAGE_SIZE,
    }));
    const videos = Array.isArray(answer) ? answer : answer.videos || [];
    for (const v of videos) {
      out.push({
        id: String(v.video_id ?? v.videoid ?? ''),
        name: v.name || '',
        start: parseWire(v.start_time || v.start || '', zone),
        end: parseWire(v.end_time || v.end || '', zone) + 999,
        size: v.size || 0,
        duration: v.duration ?? v.durtion ?? 0,
      });
    }
    if (videos.length < PAGE_SIZE) break;
  }
  return out.filter((v) => !isNaN(v.start) && !isNaN(v.end)).sort((a, b) => a.start - b.start);
}

/** The recorded ranges the videos cover, joined where they touch. */
export function rangesOf(videos: Video[]): Range[] {
  const out: Range[] = [];
  for (const v of videos) {
    const last = out[out.length - 1];
    if (last && v.start <= last.end + JOIN_MS) last.end = Math.max(last.end, v.end);
    else out.push({ start: v.start, end: v.end });
  }
  return out;
}
