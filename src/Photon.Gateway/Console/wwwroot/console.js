// The gateway's web console: the channel list (GET /channels), a live tail (EventSource on /subscribe, which resumes
// by itself with Last-Event-ID after a reconnect) and a publish form (POST /publish). No framework, no build step.
'use strict';

const RefreshEvery = 2000;
const TailLimit = 500;
let token = sessionStorage.getItem('photon-token') || '';
let tail = null;

const $ = (id) => document.getElementById(id);
const authHeaders = () => (token ? { Authorization: `Bearer ${token}` } : {});

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderChannels(list) {
  const body = $('channels').tBodies[0];
  const rows = list.channels.map((c) => {
    const tr = document.createElement('tr');
    tr.dataset.channel = c.channel;
    const name = document.createElement('td');
    const watch = document.createElement('button');
    watch.type = 'button';
    watch.textContent = c.channel;
    watch.title = `Watch ${c.channel}`;
    watch.addEventListener('click', () => startTail(c.channel));
    name.append(watch);
    tr.append(name, cell(c.subscribers.sse, 'number'), cell(c.subscribers.socket, 'number'), cell(c.subscribers.redis, 'number'),
      cell(c.subscriberCount, 'number'), cell(c.messagesPerSecond.toFixed(1), 'number'), cell(c.published, 'number'), cell(c.head ?? '–'));
    return tr;
  });
  body.replaceChildren(...rows);
  $('patterns').replaceChildren(...list.patterns.map((p) => {
    const li = document.createElement('li');
    li.textContent = `${p.pattern}: ${p.subscribers.sse} SSE, ${p.subscribers.socket} socket, ${p.subscribers.redis} Redis`;
    return li;
  }));
  $('channels-status').textContent = list.channels.length === 0 ? 'No active channels yet: publish something below.' : '';
}

async function refreshChannels() {
  try {
    const response = await fetch('/channels', { headers: authHeaders() });
    if (response.status === 401) {
      $('token-form').hidden = false;
      $('channels-status').textContent = 'The gateway requires a bearer token.';
      return;
    }
    if (!response.ok) throw new Error(`${response.status} ${(await response.json()).message ?? ''}`);
    renderChannels(await response.json());
  } catch (error) {
    $('channels-status').textContent = `Could not list channels: ${error.message}`;
  } finally {
    setTimeout(refreshChannels, RefreshEvery);
  }
}

function setTailState(state, text) {
  const status = $('tail-status');
  status.dataset.state = state;
  status.textContent = text;
}

function appendTail(id, text, notice) {
  const list = $('tail');
  const item = document.createElement('li');
  if (notice) item.className = 'notice';
  const idSpan = document.createElement('span');
  idSpan.className = 'id';
  idSpan.textContent = id || '';
  const body = document.createElement('span');
  body.className = 'message';
  body.textContent = text;
  item.append(idSpan, body);
  list.append(item);
  while (list.children.length > TailLimit) list.firstElementChild.remove();
  list.scrollTop = list.scrollHeight;
}

function stopTail() {
  if (tail) tail.close();
  tail = null;
  $('tail-stop').disabled = true;
  setTailState('idle', 'Not watching.');
}

function startTail(pattern) {
  stopTail();
  $('tail-channel').value = pattern;
  const source = new EventSource(`/subscribe?channel=${encodeURIComponent(pattern)}`);
  tail = source;
  $('tail-stop').disabled = false;
  setTailState('connecting', `Connecting to ${pattern}…`);
  source.onopen = () => setTailState('live', `Watching ${pattern} (live).`);
  source.onerror = () => {
    if (tail === source) setTailState('reconnecting', `Connection to ${pattern} lost; reconnecting and resuming where it left off…`);
  };
  source.onmessage = (event) => appendTail(event.lastEventId, event.data, false);
  source.addEventListener('refresh_needed', (event) => appendTail(event.lastEventId, `refresh needed: ${event.data}`, true));
  source.addEventListener('disconnect', (event) => appendTail('', `disconnected by the gateway: ${event.data}`, true));
}

async function publish(event) {
  event.preventDefault();
  const result = $('publish-result');
  result.className = '';
  let data;
  try {
    data = JSON.parse($('publish-data').value || 'null');
  } catch (error) {
    result.className = 'error';
    result.textContent = `Data is not JSON: ${error.message}`;
    return;
  }
  const message = { channel: $('publish-channel').value.trim(), event: $('publish-event').value.trim(), data, source: 'console' };
  try {
    const response = await fetch('/publish', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders() },
      body: JSON.stringify(message),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`${answer.error}: ${answer.message}`);
    result.textContent = `Published to ${answer.channel} as ${answer.id}.`;
  } catch (error) {
    result.className = 'error';
    result.textContent = `Not published: ${error.message}`;
  }
}

$('tail-form').addEventListener('submit', (event) => {
  event.preventDefault();
  startTail($('tail-channel').value.trim());
});
$('tail-stop').addEventListener('click', stopTail);
$('tail-clear').addEventListener('click', () => $('tail').replaceChildren());
$('publish-form').addEventListener('submit', publish);
$('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token = $('token').value;
  sessionStorage.setItem('photon-token', token);
  // EventSource cannot send headers: the gateway reads the token for /subscribe from this same-site cookie.
  document.cookie = `photon_token=${encodeURIComponent(token)}; path=/subscribe; SameSite=Strict${location.protocol === 'https:' ? '; Secure' : ''}`;
  $('token-form').hidden = true;
});
const initial = new URLSearchParams(location.search).get('channel');
if (initial) startTail(initial);
refreshChannels();
