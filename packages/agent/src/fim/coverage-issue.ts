// A gap (or a possible gap) in what FIM sees. Every one becomes an event and a health counter:
// the complaint about other FIM tools is that they fail silently (inotify limits, entry caps,
// usrmerge symlinks).
export type CoverageKind =
  | 'unreadable'
  | 'root_missing'
  | 'symlink_root_followed'
  | 'symlink_root_not_followed'
  | 'size_cap'
  | 'watch_limit'
  | 'queue_overflow'
  | 'watch_error';

export interface CoverageIssue {
  kind: CoverageKind;
  path: string;
  detail: string;
}
