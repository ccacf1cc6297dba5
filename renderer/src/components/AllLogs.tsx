// Every gateway's log in one view, interleaved by time: filter by profile and level, search, follow.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { api } from '../api.ts';
import { LOG_LEVELS, filterLogs, mergeLogs, type LogLevel } from '../logs-model.ts';
import { keepLogTail, useStore } from '../store.ts';
import { hereOf } from '../reducer.ts';

const SHOWN_MAX = 2000;

/** One colour per profile, readable on the dark log background, so interleaved lines tell their gateway apart. */
const hueOf = (names: readonly string[], name: string) =>
  `hsl(${(30 + Math.max(0, names.indexOf(name)) * 137) % 360} 85% 72%)`;

export function AllLogs({ onClose }: { onClose: () => void }) {
  const names = useStore(useShallow((s) => hereOf(s).profiles.map((p) => p.name)));
  const logs = useStore((s) => hereOf(s).logs);
  const [profiles, setProfiles] = useState<string[]>([]);
  const [level, setLevel] = useState<LogLevel>('debug');
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(true);
  const box = useRef<HTMLDivElement>(null);

  // Each log's tail once per opening, so the view has history even for logs the window only saw new lines of.
  const fetched = useRef(new Set<string>());
  useEffect(() => {
    for (const name of names) {
      if (fetched.current.has(name)) continue;
      fetched.current.add(name);
      void api.invoke('logs.tail', { name, lines: 500 }).then(
        (tail) => keepLogTail(null, name, tail.lines),
        () => undefined,
      );
    }
  }, [names]);

  const merged = useMemo(() => mergeLogs(logs), [logs]);
  const shown = useMemo(
    () => filterLogs(merged, { profiles, level, search }).slice(-SHOWN_MAX),
    [merged, profiles, level, search],
  );
  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, follow]);

  const toggle = (name: string) =>
    setProfiles((now) => (now.includes(name) ? now.filter((n) => n !== name) : [...now, name]));
  return (
    <section className="details logs all-logs" aria-label="All logs">
      <div className="row spread">
        <h2>All logs</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <div className="buttons">
        <fieldset className="inline" aria-label="Profiles shown">
          {names.map((name) => (
            <label key={name}>
              <input type="checkbox" checked={profiles.includes(name)} onChange={() => toggle(name)} /> {name}
            </label>
          ))}
          <span className="muted">{profiles.length ? '' : '(all)'}</span>
        </fieldset>
        <label>
          Level{' '}
          <select aria-label="Least severe level" value={level} onChange={(e) => setLevel(e.target.value as LogLevel)}>
            {LOG_LEVELS.map((l) => (
              <option key={l} value={l}>
                {l === 'debug'
                  ? 'everything'
                  : l === 'info'
                    ? 'info and worse'
                    : l === 'warn'
                      ? 'warnings and errors'
                      : 'errors'}
              </option>
            ))}
          </select>
        </label>
        <input
          aria-label="Search all logs"
          placeholder="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <label>
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow
        </label>
        <span className="muted num">{shown.length} lines</span>
      </div>
      <div ref={box} className="log-lines" tabIndex={0} role="log" aria-label="Lines of every gateway">
        {shown.length ? (
          shown.map((entry, i) => (
            <div key={i} className={`log-line level-${entry.level}`} data-profile={entry.profile}>
              <span className="log-time">{entry.time === null ? '' : new Date(entry.time).toLocaleTimeString()}</span>
              <span className="log-profile" style={{ color: hueOf(names, entry.profile) }}>
                {entry.profile}
              </span>
              <span className="log-text">{entry.text}</span>
            </div>
          ))
        ) : (
          <p className="muted">No log lines{search || profiles.length || level !== 'debug' ? ' match' : ' yet'}.</p>
        )}
      </div>
    </section>
  );
}
