// The live wall: every channel this edge serves, each playing its HLS with hls.js.
// The api-key comes from the URL fragment (#key=...) or a prompt, and stays in this browser only.
(function () {
  const statusLine = document.getElementById('status');
  const grid = document.getElementById('grid');

  function apiKey() {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('key');
    if (fromHash) localStorage.setItem('edgeApiKey', fromHash);
    return localStorage.getItem('edgeApiKey');
  }

  function askForKey(reason) {
    statusLine.textContent = reason;
    const form = document.getElementById('keyform');
    form.hidden = false;
    form.onsubmit = (e) => {
      e.preventDefault();
      localStorage.setItem('edgeApiKey', document.getElementById('key').value);
      form.hidden = true;
      load();
    };
  }

  function tile(channel) {
    const box = document.createElement('div');
    box.className = 'tile';
    const video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    const label = document.createElement('div');
    label.className = 'label';
    const name = document.createElement('span');
    name.textContent = (channel.title || 'device ' + channel.device_id) + ' / channel ' + channel.channel_id;
    const state = document.createElement('span');
    state.className = 'state';
    state.textContent = 'starting';
    label.append(name, state);
    box.append(video, label);
    play(video, state, channel.hls_url);
    return box;
  }

  // A player that joined a channel seconds after it started sits at the live edge with nothing
  // buffered, and would stall at every segment boundary. On a stall it pauses until two segments
  // are buffered ahead, once, and then plays smoothly that far behind the edge.
  const HEADROOM_SEGMENTS = 2;

  function play(video, state, url) {
    if (window.Hls && Hls.isSupported()) {
      const hls = new Hls({ liveSyncDurationCount: 3, manifestLoadingMaxRetry: 6 });
      let rebuffering = false;
      let targetDuration = 2;
      hls.on(Hls.Events.MANIFEST_PARSED, () => { state.textContent = 'live'; video.play().catch(() => {}); });
      hls.on(Hls.Events.LEVEL_LOADED, (_, data) => { targetDuration = data.details.targetduration || targetDuration; });
      function bufferedAhead() {
        const b = video.buffered;
        for (let i = 0; i < b.length; i++) {
          if (b.start(i) <= video.currentTime + 0.5 && video.currentTime < b.end(i)) return b.end(i) - video.currentTime;
        }
        return 0;
      }
      function resumeWhenBuffered() {
        if (bufferedAhead() >= HEADROOM_SEGMENTS * targetDuration) {
          rebuffering = false;
          state.textContent = 'live';
          video.play().catch(() => {});
        } else {
          setTimeout(resumeWhenBuffered, 250);
        }
      }
      hls.on(Hls.Events.ERROR, (_, data) => {
        if (data.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR && !rebuffering) {
          rebuffering = true;
          state.textContent = 'buffering';
          video.pause();
          resumeWhenBuffered();
          return;
        }
        console.warn('hls.js ' + (data.fatal ? 'fatal ' : '') + data.type + ': ' + data.details);
        if (data.fatal) {
          state.textContent = 'error: ' + data.details + ' (retrying)';
          state.classList.add('error');
          setTimeout(() => { hls.destroy(); play(video, state, url); }, 3000);
        }
      });
      hls.loadSource(url);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      state.textContent = 'live';
    } else {
      state.textContent = 'this browser cannot play HLS';
      state.classList.add('error');
    }
  }

  function load() {
    const key = apiKey();
    if (!key) return askForKey('Enter the edge api-key (the platform master key) to see the channels.');
    fetch('/edge/health').then(r => r.json()).then(h => {
      if (h.data) document.getElementById('node').textContent = 'node ' + h.data.node_id + ' · ' + h.data.status;
    }).catch(() => {});
    fetch('/edge/channels', { headers: { 'api-key': key } })
      .then(r => r.json())
      .then(body => {
        if (body.errno !== 0) return askForKey('The edge refused the key: ' + body.error);
        const channels = body.data || [];
        statusLine.textContent = channels.length + ' channel(s)';
        grid.replaceChildren(...channels.map(tile));
      })
      .catch(e => { statusLine.textContent = 'cannot reach the edge: ' + e; });
  }

  load();
})();
