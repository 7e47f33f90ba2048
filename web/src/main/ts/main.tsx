// The operator's console: one page, hash routes (docs/console.md), the key kept for the browser session only.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Health, health, storedKey, storeKey } from './api';
import { Camera } from './camera';
import { Login } from './login';
import { NodeFacts } from './node';
import { Recordings } from './recordings';
import { go, useRoute } from './route';
import { System } from './system';
import { Wall } from './wall';

/** How often the header refreshes the node's health (uptime, platform). */
const HEALTH_MS = 10000;

function useHealth(): Health | null {
  const [facts, setFacts] = useState<Health | null>(null);
  useEffect(() => {
    let timer = 0;
    const once = () => {
      health().then(setFacts, () => undefined).finally(() => { timer = window.setTimeout(once, HEALTH_MS); });
    };
    once();
    return () => clearTimeout(timer);
  }, []);
  return facts;
}

function App() {
  const route = useRoute();
  const facts = useHealth();
  const signedIn = storedKey() !== null;
  useEffect(() => {
    if (!signedIn && route.page !== 'login') go('#/login');
  }, [signedIn, route.page]);
  const node = facts?.node_id || '';
  let page;
  if (!signedIn || route.page === 'login') page = <Login />;
  else if (route.page === 'camera') page = <Camera key={route.deviceId + '/' + route.channelId} deviceId={route.deviceId!} channelId={route.channelId!} node={node} />;
  else if (route.page === 'recordings') page = <Recordings key={route.deviceId + '/' + route.channelId + '/' + route.day}
    deviceId={route.deviceId!} channelId={route.channelId!}
    day={route.day} />;
  else if (route.page === 'system') page = <System />;
  else page = <Wall />;
  const signOut = () => {
    storeKey(null);
    go('#/login');
  };
  return (
    <NodeFacts.Provider value={facts}>
      <header class="top">
        <h1>edge-relay</h1>
        {signedIn && route.page !== 'login' && (
          <nav>
            <a data-testid="nav-wall" href="#/wall" aria-current={route.page === 'wall' ? 'page' : undefined}>Live</a>
            <a data-testid="nav-system" href="#/system"
              aria-current={route.page === 'system' ? 'page' : undefined}>System</a>
          </nav>
        )}
        <span class="muted node">{facts ? 'node ' + facts.node_id + ' · ' + (facts.zone || '') : ''}</span>
        {signedIn && route.page !== 'login' &&
          <button type="button" data-testid="signout" onClick={signOut}>Sign out</button>}
      </header>
      {page}
    </NodeFacts.Provider>
  );
}

render(<App />, document.getElementById('app')!);
